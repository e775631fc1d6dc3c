/// <reference lib="esnext.disposable" preserve="true" />
// @goes/core — the public surface for applications, listed name by name so that every new
// public name shows up in review. What only backend adapters need (envelope codec, wire
// message reading, subscription lifecycle, option checks, signal helpers, the command
// protocol) is in '@goes/core/backend'. Every name here is listed in README.md's API section.

export type {
  AggregateBaseState,
  AggregateEvent,
  AggregateFactory,
  AggregateId,
  AggregateRoot,
  ConsistencyKind,
  EventDataArg,
  EventMapOf,
  EventNameOf,
  EventOfAggregate,
  Snapshotter,
  TagData,
  TagEvent,
  ValidateHistoryOptions,
} from './aggregate/index.js'
export {
  AGGREGATE_TAGGED,
  AGGREGATE_UNTAGGED,
  Aggregate,
  AggregateConsistencyError,
  isTaggedEvent,
  taggedQuery,
  validateHistory,
} from './aggregate/index.js'
export type {
  BusError,
  EventBus,
  MemoryBusOptions,
  MemorySubscription,
  SubscribeOptions,
  Subscription,
} from './bus/index.js'
export { ALL_EVENTS, MemoryBus } from './bus/index.js'
export type { CachedResult, QueryCacheOptions } from './cache/index.js'
export { QueryCache } from './cache/index.js'
export type {
  Codec,
  CodecRegistration,
  CodecRegistrations,
  CodecRegistryOptions,
  InferEventMap,
  JsonCodecOptions,
} from './codec/index.js'
// Deprecated: adapters' helpers, now in '@goes/core/backend'. Kept here because the adapter
// READMEs named them; they leave the root entry in the next minor release.
/** @deprecated Import `encodeEnvelope` from `'@goes/core/backend'`. */
/** @deprecated Import `decodeEnvelope` from `'@goes/core/backend'`. */
export {
  CodecRegistry,
  decodeEnvelope,
  encodeEnvelope,
  isDataDecoded,
  jsonCodec,
  jsonCodecWith,
} from './codec/index.js'
export type {
  AggregateCommandContext,
  AggregateCommandFn,
  AggregateCommandHandlerOptions,
  AggregateCommandRepository,
  AggregateDeletedData,
  AggregateDeletedEvent,
  BuiltinOptions,
  Command,
  CommandAggregate,
  CommandBus,
  CommandBusMode,
  CommandContext,
  CommandErrorOptions,
  CommandFn,
  CommandHandlerContext,
  CommandHandlerOptions,
  CommandMap,
  CommandOf,
  CommandSubscription,
  CommandTarget,
  DeleteAggregateCommand,
  DeleteAggregatePayload,
  DeletedEventFn,
  DeletingRepository,
  DispatchOptions,
  ErrorDetail,
  EventCommandBusOptions,
  EventCommandSubscription,
  ExecutionReport,
  FailOptions,
  NewCommandOptions,
  RunningCommandHandler,
} from './command/index.js'
export {
  AGGREGATE_DELETED,
  AggregateCommands,
  aggregateDeletedEvent,
  assertCommand,
  CommandError,
  CommandHandler,
  CommandHandlerError,
  commandError,
  DELETE_AGGREGATE,
  deleteAggregate,
  EventCommandBus,
  fail,
  handleAggregateCommands,
  handleBuiltins,
  isCommandError,
  isCommandHandlerError,
  newCommand,
  registerCommandProtocol,
  toCommandError,
} from './command/index.js'
export type { ErrorCode, GoesErrorOptions } from './errors/index.js'
export {
  ConsistencyError,
  ERROR_CODES,
  GoesError,
  isConsistencyError,
  isErrorCode,
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
  AwaitOptions,
  EventHandlerOptions,
  EventWaiter,
  HandlerContext,
  HandlerFn,
  RunningHandler,
  StartupOptions,
} from './handler/index.js'
export { awaitEvents, EventHandler, HandlerError, isHandlerError, nextEvent } from './handler/index.js'
export type {
  ModelChange,
  ModelFactory,
  ModelRepository,
  ModelRepositoryOptions,
  ModelWriteOptions,
  ProgressEvent,
  ProjectionProgress,
  UseModelOptions,
  VersionedModel,
} from './model/index.js'
export {
  advanceProgress,
  emptyProgress,
  MemoryModelRepository,
  progressCovers,
  progressTime,
} from './model/index.js'
export type {
  AggregateFilter,
  EventMatcher,
  Query,
  RangeFilter,
  SortDirection,
  SortField,
  Sorting,
  TimeFilter,
  TimeInput,
  VersionFilter,
} from './query/index.js'
export {
  compareEvents,
  compileQuery,
  isSupersetOf,
  matchesQuery,
  mergeQueries,
  parseQuery,
  QueryBuilder,
  query,
  serializeQuery,
  sortEvents,
  TimeFilterBuilder,
  VersionFilterBuilder,
  validateQuery,
} from './query/index.js'
export type {
  CachedRepositoryOptions,
  FetchOptions,
  InsertHookContext,
  QueryAggregatesOptions,
  RepositoryHooks,
  RepositoryOptions,
  RepositorySnapshotOptions,
  RepositorySnapshotState,
  RetryOptions,
  UseOptions,
} from './repository/index.js'
export { CachedRepository, Repository, TypedRepository } from './repository/index.js'
export type {
  CleanupSnapshotOptions,
  LatestSnapshotOptions,
  Snapshot,
  SnapshotDue,
  SnapshotSchedule,
  SnapshotStore,
} from './snapshot/index.js'
export { everyVersions, MemorySnapshotStore } from './snapshot/index.js'
export type { EventStore } from './store/index.js'
export { isPublishFailedError, MemoryStore, PublishFailedError, withBus } from './store/index.js'
export type { MergedStream, SignalOptions, StreamSource } from './stream/index.js'
export { drain, filter, map, merge, take, walk } from './stream/index.js'
export { assertUUID, isNilUUID, isUUID, NIL_UUID, uuid } from './uuid/index.js'
