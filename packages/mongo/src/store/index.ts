export type { MongoStoreIndex } from './indices.js'
export type { MongoStoreConnectOptions, MongoStoreOptions, MongoStoreStatus } from './options.js'
export { MongoStore } from './store.js'
