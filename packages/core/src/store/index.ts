export { MemoryStore } from './memory-store.js'
export type { EventStore } from './store.js'
export { withBus } from './with-bus.js'
