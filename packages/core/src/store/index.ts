export type { EventStore, SignalOptions } from './store.js'
