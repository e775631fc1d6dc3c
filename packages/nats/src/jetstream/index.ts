export { JetStreamBus } from './jetstream-bus.js'
export type { JetStreamBusOptions, JetStreamStreamOptions, JetStreamSubscribeOptions } from './options.js'
export { DEFAULT_STREAM, DEFAULT_STREAM_PREFIX } from './options.js'
