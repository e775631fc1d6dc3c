import type { Event } from '../event/event.js'
import { optionChecks } from '../options/check.js'

/**
 * Options of {@link QueryCache}.
 *
 * @example
 * ```ts
 * new QueryCache(store, { ttlMs: 60_000, maxEntries: 50, now: () => fakeClock })
 * ```
 * @public
 */
export interface QueryCacheOptions {
  /** Age (by `now()`) at which an entry goes stale; by default entries never expire by time. */
  readonly ttlMs?: number
  /** Most entries kept; the least recently used goes first. Default 100. */
  readonly maxEntries?: number
  /** Answer a query from a fresh entry whose query is a superset of it (default true). */
  readonly useSupersets?: boolean
  /** Millisecond clock, injectable for tests; `Date.now` by default. */
  readonly now?: () => number
}

/**
 * A cached query result.
 *
 * @example
 * ```ts
 * const { events, cached } = await cache.result(q)
 * ```
 * @public
 */
export interface CachedResult {
  /** The matching events, sorted as the query says; a frozen array shared between callers. */
  readonly events: readonly Event[]
  /** Whether the events came from the cache rather than a store query made for this call. */
  readonly cached: boolean
}

const check = optionChecks('QueryCache')

/** The cache options with defaults applied, or `INVALID_OPTION` naming the bad one. @internal */
export function checkOptions(options: QueryCacheOptions) {
  const { ttlMs, maxEntries, useSupersets, now = Date.now } = check.object(options)
  if (ttlMs !== undefined && !(typeof ttlMs === 'number' && ttlMs >= 0)) {
    throw check.invalid('ttlMs', ttlMs, 'a number of milliseconds ≥ 0 (omit it to keep entries until expired)')
  }
  if (typeof now !== 'function') throw check.invalid('now', now, 'a function returning milliseconds')
  return {
    ttlMs,
    maxEntries: check.integer('maxEntries', maxEntries, { fallback: 100, infinity: true }),
    useSupersets: check.boolean('useSupersets', useSupersets, true),
    now,
  }
}
