// @goes/nats — event buses on NATS core and JetStream. The public surface, by name.

export type { NatsBusOptions } from './bus/index.js'
export type { NatsCommandBusOptions } from './command/index.js'
export { DEFAULT_COMMAND_PREFIX, NatsCommandBus } from './command/index.js'
export type { NatsCoreBusOptions } from './core/index.js'
export { DEFAULT_CORE_PREFIX, NatsBus } from './core/index.js'
export type { JetStreamBusOptions, JetStreamStreamOptions, JetStreamSubscribeOptions } from './jetstream/index.js'
export { DEFAULT_STREAM, DEFAULT_STREAM_PREFIX, JetStreamBus } from './jetstream/index.js'
export type { SubjectFunction, SubjectOptions } from './subject/index.js'
export { decodeSubjectToken, encodeSubjectToken } from './subject/index.js'
export type { NatsSubscription } from './subscription/index.js'
