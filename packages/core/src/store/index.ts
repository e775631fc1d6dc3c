export { MemoryStore } from './memory-store.js'
export type { EventStore, SignalOptions } from './store.js'
