// @goes/nats — event buses on NATS core and JetStream. The public surface, by name.
export type { NatsCommandBusOptions } from './command/index.js'
export { DEFAULT_COMMAND_PREFIX, NatsCommandBus } from './command/index.js'
export { NatsBus } from './core/nats-bus.js'
export type { NatsBusOptions } from './core/options.js'
export { DEFAULT_CORE_PREFIX } from './core/options.js'
export type { SubjectFunction, SubjectOptions } from './subject/index.js'
export { decodeSubjectToken, encodeSubjectToken } from './subject/index.js'
export type { NatsSubscription } from './subscription/wire-subscription.js'
