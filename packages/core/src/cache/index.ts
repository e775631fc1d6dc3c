export type { CachedResult, QueryCacheOptions } from './options.js'
export { QueryCache } from './query-cache.js'
