export type { PubSubBusOptions } from './options.js'
export { PubSubBus } from './pubsub-bus.js'
export type { PubSubSubscription } from './subscription.js'
