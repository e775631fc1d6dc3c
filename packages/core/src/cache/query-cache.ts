import { abortError } from '../errors/errors.js'
import type { Event } from '../event/event.js'
import { compileQuery } from '../query/matcher.js'
import { serializeQuery } from '../query/serialize.js'
import { sortEvents } from '../query/sort.js'
import { supersetOfValid } from '../query/superset.js'
import type { Query } from '../query/types.js'
import type { EventStore } from '../store/store.js'
import { raceSignal, type SignalOptions } from '../stream/signal.js'
import { type CachedResult, checkOptions, type QueryCacheOptions } from './options.js'

interface Entry {
  readonly query: Query
  readonly events: readonly Event[]
  readonly at: number
}

interface Flight {
  readonly controller: AbortController
  promise: Promise<readonly Event[]>
  waiters: number
}

/**
 * Caches the results of event store queries, keyed by the canonical form of the query
 * ({@link serializeQuery}), so equal queries share an entry however they are written.
 * Results are MATERIALISED: each entry holds the whole result as a frozen array — cache
 * queries with bounded results, not the full history. Identical concurrent misses share one
 * store query. With `useSupersets`, a fresh entry whose query contains the asked one
 * ({@link isSupersetOf}) answers it by filtering and sorting in memory. Entries expire after
 * `ttlMs`, on {@link QueryCache.expire} / {@link QueryCache.clear}, and least recently used
 * first beyond `maxEntries`. The cache never sees inserts: expire what a write invalidates.
 *
 * @example
 * ```ts
 * const cache = new QueryCache(store, { ttlMs: 5_000 })
 * const { events } = await cache.result({ aggregateNames: ['todo.list'] })
 * const mine = await cache.result({ aggregates: [{ name: 'todo.list', id }] }) // from the entry above
 * ```
 * @public
 */
export class QueryCache {
  readonly #store: EventStore
  readonly #ttl: number | undefined
  readonly #max: number
  readonly #supersets: boolean
  readonly #now: () => number
  readonly #entries = new Map<string, Entry>() // insertion order = least recently used first
  readonly #flights = new Map<string, Flight>()

  constructor(store: EventStore, options: QueryCacheOptions = {}) {
    const { ttlMs, maxEntries, useSupersets, now } = checkOptions(options)
    this.#store = store
    this.#ttl = ttlMs
    this.#max = maxEntries
    this.#supersets = useSupersets
    this.#now = now
  }

  /** How many entries the cache holds (stale ones included until they are next looked at). */
  get size(): number {
    return this.#entries.size
  }

  /**
   * The events matching `q`: from a fresh entry, from a fresh superset entry, or from the
   * store (then cached). Rejects with `INVALID_QUERY` for a malformed query, with `ABORTED`
   * when `signal` aborts, and with the store's error when the store query fails (nothing is
   * cached then).
   */
  async result(q: Query = {}, options: SignalOptions = {}): Promise<CachedResult> {
    const { signal } = options
    if (signal?.aborted) throw abortError(signal, 'QueryCache.result()')
    const key = serializeQuery(q) // validates
    const hit = this.#fresh(key)
    if (hit !== undefined) return { events: hit.events, cached: true }
    if (this.#supersets) {
      const derived = this.#fromSuperset(q)
      if (derived !== undefined) return { events: derived, cached: true }
    }
    return { events: await this.#fetch(key, q, signal), cached: false }
  }

  /** Streams {@link QueryCache.result}'s events; the query runs on the first iteration. */
  async *run(q: Query = {}, options: SignalOptions = {}): AsyncIterable<Event> {
    const { events } = await this.result(q, options)
    for (const e of events) {
      if (options.signal?.aborted) throw abortError(options.signal, 'QueryCache.run()')
      yield e
    }
  }

  /** Drops the entry of `q` (however written); a store query for `q` in flight is not cached. */
  expire(q: Query): void {
    const key = serializeQuery(q)
    this.#entries.delete(key)
    this.#flights.delete(key)
  }

  /** Drops every entry; store queries in flight are not cached. */
  clear(): void {
    this.#entries.clear()
    this.#flights.clear()
  }

  #stale(e: Entry): boolean {
    return this.#ttl !== undefined && this.#now() - e.at >= this.#ttl
  }

  #fresh(key: string): Entry | undefined {
    const e = this.#entries.get(key)
    if (e === undefined) return undefined
    this.#entries.delete(key)
    if (this.#stale(e)) return undefined
    this.#entries.set(key, e) // now the most recently used
    return e
  }

  // The smallest fresh entry whose query contains q, filtered and sorted for q.
  #fromSuperset(q: Query): readonly Event[] | undefined {
    let bestKey: string | undefined
    let best: Entry | undefined
    for (const [key, e] of this.#entries) {
      if (this.#stale(e)) this.#entries.delete(key)
      else if ((best === undefined || e.events.length < best.events.length) && supersetOfValid(e.query, q)) {
        bestKey = key
        best = e
      }
    }
    if (best === undefined || bestKey === undefined) return undefined
    this.#fresh(bestKey)
    const events = best.events.filter(compileQuery(q))
    return Object.freeze(q.sort !== undefined && q.sort.length > 0 ? sortEvents(events, q.sort) : events)
  }

  async #fetch(key: string, q: Query, signal: AbortSignal | undefined): Promise<readonly Event[]> {
    let flight = this.#flights.get(key)
    if (flight === undefined) flight = this.#start(key, q)
    const f = flight
    f.waiters++
    try {
      return await raceSignal(f.promise, signal, 'QueryCache.result()')
    } finally {
      f.waiters--
      // The last waiter gave up: stop the store query and let the next caller start afresh.
      if (f.waiters === 0 && signal?.aborted) {
        f.controller.abort(signal.reason)
        if (this.#flights.get(key) === f) this.#flights.delete(key)
      }
    }
  }

  #start(key: string, q: Query): Flight {
    const at = this.#now() // the data is at least this fresh
    const flight: Flight = { controller: new AbortController(), promise: Promise.resolve([]), waiters: 0 }
    flight.promise = drain(this.#store, q, flight.controller.signal).then(
      (events) => {
        // Still registered: neither expired, cleared nor abandoned meanwhile.
        if (this.#flights.get(key) === flight) {
          this.#flights.delete(key)
          this.#put(key, { query: q, events, at })
        }
        return events
      },
      (err: unknown) => {
        if (this.#flights.get(key) === flight) this.#flights.delete(key)
        throw err
      },
    )
    flight.promise.catch(() => {}) // waiters that gave up must not leave an unhandled rejection
    this.#flights.set(key, flight)
    return flight
  }

  #put(key: string, entry: Entry): void {
    this.#entries.delete(key)
    this.#entries.set(key, entry)
    for (const k of this.#entries.keys()) {
      if (this.#entries.size <= this.#max) break
      this.#entries.delete(k)
    }
  }
}

/** Reads a whole store query into a frozen array. @internal */
async function drain(store: EventStore, q: Query, signal: AbortSignal): Promise<readonly Event[]> {
  const out: Event[] = []
  for await (const e of store.query(q, { signal })) {
    if (signal.aborted) throw abortError(signal, 'QueryCache store query')
    out.push(e)
  }
  return Object.freeze(out)
}
