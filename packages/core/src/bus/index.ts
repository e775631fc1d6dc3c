export type { BusError, EventBus, SubscribeOptions, Subscription } from './bus.js'
export { ALL_EVENTS } from './bus.js'
