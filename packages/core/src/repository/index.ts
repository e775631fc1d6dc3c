export type { CachedRepositoryOptions } from './cached.js'
export { CachedRepository } from './cached.js'
export { Repository } from './repository.js'
export { TypedRepository } from './typed.js'
export type {
  FetchOptions,
  InsertHookContext,
  QueryAggregatesOptions,
  RepositoryHooks,
  RepositoryOptions,
  RepositorySnapshotOptions,
  RepositorySnapshotState,
  RetryOptions,
  UseOptions,
} from './types.js'
