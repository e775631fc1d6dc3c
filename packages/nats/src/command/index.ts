export { NatsCommandBus } from './nats-command-bus.js'
export type { NatsCommandBusOptions } from './options.js'
export { DEFAULT_COMMAND_PREFIX } from './options.js'
