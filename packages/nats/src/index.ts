// @goes/nats — event buses on NATS core and JetStream. The public surface, by name.
export { NatsBus } from './core/nats-bus.js'
export type { NatsBusOptions } from './core/options.js'
export { DEFAULT_CORE_PREFIX } from './core/options.js'
export type { SubjectFunction, SubjectOptions } from './subject/index.js'
export { decodeSubjectToken, encodeSubjectToken } from './subject/index.js'
export type { NatsSubscription } from './subscription/wire-subscription.js'
