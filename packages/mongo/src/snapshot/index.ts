export type { MongoSnapshotStoreOptions } from './options.js'
export { MongoSnapshotStore } from './store.js'
