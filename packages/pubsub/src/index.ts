// @goes/pubsub — the public surface. Values and types apart.

export type { PubSubBusOptions } from './bus/pubsub-bus.js'
export { PubSubBus } from './bus/pubsub-bus.js'
