/// <reference lib="esnext.disposable" preserve="true" />
// @goes/core/backend — what backend adapters (event stores, event buses, model stores) need
// and applications do not: argument and option checks, the query filter keys, signal helpers,
// errors for adapters, the envelope codec, lazy events, queues, the shared subscription
// lifecycle and the command protocol. The contracts themselves (EventStore, EventBus,
// Subscription, …) are in the root entry, '@goes/core'.

export type { SubscribeArguments } from '../bus/index.js'
export { subscribeArguments } from '../bus/index.js'
export type { LazyEventFields } from '../codec/index.js'
export { decodeEnvelope, ENVELOPE_VERSION, encodeEnvelope, lazyEvent } from '../codec/index.js'
export type {
  CommandDispatchedMessage,
  CommandExecutedMessage,
  CommandHandshakeMessage,
  CommandProtocolMessage,
  CommandWireCause,
  CommandWireError,
} from '../command/index.js'
export {
  COMMAND_ACCEPTED,
  COMMAND_ASSIGNED,
  COMMAND_DISPATCHED,
  COMMAND_EXECUTED,
  COMMAND_PROTOCOL_NAMES,
  COMMAND_REQUESTED,
  commandProtocolCodec,
  registerCommandProtocol,
} from '../command/index.js'
export { abortError, asGoesError, formatCause, formatValue, throwIfAborted } from '../errors/index.js'
export type { UseModelLoopOptions } from '../model/index.js'
export { assertModelId, attemptsOption, expectedVersionOption, useModel } from '../model/index.js'
export type { DurationRule, IntegerRule } from '../options/index.js'
export { OptionCheck, optionChecks } from '../options/index.js'
export { QUERY_FILTER_KEYS } from '../query/index.js'
export { assertSnapshot } from '../snapshot/index.js'
export type { AsyncQueueOptions } from '../stream/index.js'
export { AsyncQueue, raceSignal, sleep } from '../stream/index.js'
export type { LifecycleSettings, SubscriptionBaseSettings, WireAddressing } from '../subscription/index.js'
export {
  ErrorBuffer,
  readWireMessage,
  SubscriptionBase,
  SubscriptionLifecycle,
  WireRejection,
} from '../subscription/index.js'
