// @goes/core — the public surface. Values and types are exported apart.

export type { BusError, EventBus, SubscribeOptions, Subscription } from './bus/bus.js'
export { ALL_EVENTS } from './bus/bus.js'
export type { Codec } from './codec/codec.js'
export type { ErrorCode, GoesErrorOptions } from './errors/index.js'
export {
  ConsistencyError,
  GoesError,
  isConsistencyError,
  isGoesError,
  isNotFoundError,
  NotFoundError,
} from './errors/index.js'
export type { AggregateRef, Event, EventMap, EventOf, NewEventOptions } from './event/index.js'
export {
  assertAggregateRef,
  assertEvent,
  assertName,
  assertVersion,
  dateToNano,
  deepEqual,
  eventsEqual,
  MAX_NAME_LENGTH,
  nanoToDate,
  newEvent,
  nowNano,
} from './event/index.js'
export type {
  AggregateFilter,
  Query,
  RangeFilter,
  SortDirection,
  SortField,
  Sorting,
  TimeFilter,
  VersionFilter,
} from './query/types.js'
export type { EventStore, SignalOptions } from './store/store.js'
export { assertUUID, isNilUUID, isUUID, NIL_UUID, uuid } from './uuid/index.js'
