// @goes/mongo — the public surface. Values and types apart.

export type { ServerCapabilities } from './internal/capabilities.js'
export { capabilities } from './internal/capabilities.js'
export type { EventDoc } from './internal/schema.js'
export type { ModelChange, ModelFactory, MongoModelRepositoryOptions, UseModelOptions } from './model/index.js'
export { MongoModelRepository } from './model/index.js'
export type { OutboxRelayOptions, OutboxStore, OutboxStoreLike } from './outbox/index.js'
export { OutboxRelay, outboxStore } from './outbox/index.js'
export type { MongoSnapshotStoreOptions } from './snapshot/index.js'
export { MongoSnapshotStore } from './snapshot/index.js'
export type {
  MongoStoreConnectOptions,
  MongoStoreIndex,
  MongoStoreOptions,
  MongoStoreStatus,
} from './store/index.js'
export { MongoStore } from './store/index.js'
export type { JsonViewDocument, MongoJsonViewOptions } from './view/index.js'
export { MongoJsonView } from './view/index.js'
