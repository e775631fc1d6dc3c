export type { NatsSubscription } from './wire-subscription.js'
