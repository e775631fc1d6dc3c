export { MemoryStore } from './memory-store.js'
export { isPublishFailedError, PublishFailedError } from './publish-failed.js'
export type { EventStore } from './store.js'
export { withBus } from './with-bus.js'
