// @goes/pubsub — the public surface. Values and types apart.

export type { PubSubBusOptions, PubSubSubscription } from './bus/index.js'
export { PubSubBus } from './bus/index.js'
export { DEFAULT_PREFIX, eventNameOfTopic, topicName } from './naming/index.js'
