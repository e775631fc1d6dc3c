export { MemoryStore } from './memory-store.js'
export type { EventStore, SignalOptions } from './store.js'
export { withBus } from './with-bus.js'
