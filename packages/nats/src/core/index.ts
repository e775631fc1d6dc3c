export { NatsBus } from './nats-bus.js'
export type { NatsCoreBusOptions } from './options.js'
export { DEFAULT_CORE_PREFIX } from './options.js'
