// @goes/nats — event buses on NATS core and JetStream. The public surface, by name.
export type { NatsCommandBusOptions } from './command/index.js'
export { DEFAULT_COMMAND_PREFIX, NatsCommandBus } from './command/index.js'
export { NatsBus } from './core/nats-bus.js'
export type { NatsBusOptions, NatsCoreBusOptions } from './core/options.js'
export { DEFAULT_CORE_PREFIX } from './core/options.js'
export { JetStreamBus } from './jetstream/jetstream-bus.js'
export type {
  JetStreamBusOptions,
  JetStreamStreamOptions,
  JetStreamSubscribeOptions,
} from './jetstream/options.js'
export { DEFAULT_STREAM, DEFAULT_STREAM_PREFIX } from './jetstream/options.js'
export type { SubjectFunction, SubjectOptions } from './subject/index.js'
export { decodeSubjectToken, encodeSubjectToken } from './subject/index.js'
export type { NatsSubscription } from './subscription/wire-subscription.js'
