import type { AggregateFactory, AggregateRoot } from '../aggregate/types.js'
import { abortError } from '../errors/errors.js'
import { optionChecks } from '../options/check.js'
import { serializeQuery } from '../query/serialize.js'
import type { Query } from '../query/types.js'
import type { SignalOptions } from '../stream/signal.js'
import { raceSignal } from '../stream/signal.js'
import type { TypedRepository } from './typed.js'
import type { FetchOptions, QueryAggregatesOptions } from './types.js'

/**
 * Options of {@link CachedRepository}.
 *
 * @example
 * ```ts
 * new CachedRepository(lists, { maxAggregates: 10_000, ttlMs: 60_000 })
 * ```
 * @public
 */
export interface CachedRepositoryOptions {
  /** Most aggregates kept; the least recently used goes first (default 1000). */
  readonly maxAggregates?: number
  /** Most query results kept; the least recently used goes first (default 100). */
  readonly maxQueries?: number
  /** Age at which an entry is fetched afresh; by default entries live until invalidated. */
  readonly ttlMs?: number
  /** Millisecond clock, injectable for tests; `Date.now` by default. */
  readonly now?: () => number
}

interface Entry<T> {
  readonly value: Promise<T>
  readonly at: number
}

const check = optionChecks('CachedRepository')

/**
 * A {@link TypedRepository} with cached fetches and queries (FEATURES A6).
 *
 * - `fetch(id)` builds the aggregate once and then hands out the SAME instance: treat it as
 *   read-only. To change an aggregate use `use()`, which works on a fresh one.
 * - `query(q)` caches the list of aggregates per query (keyed by its canonical form, so equal
 *   queries share an entry) — results are held in memory, so cache bounded queries.
 * - `save`, `use` and `delete` through this repository forget the aggregate and every cached
 *   query. Writes that bypass it (another process, another repository) are not seen: call
 *   `clear()`, or set `ttlMs`.
 * - Concurrent misses for the same id or query share one fetch; a failed fetch is not cached.
 *
 * @example
 * ```ts
 * const cached = new CachedRepository(new TypedRepository(repo, (id) => new TodoList(id)))
 * await cached.fetch(id) // reads the store
 * await cached.fetch(id) // from the cache
 * cached.reset()
 * ```
 * @public
 */
export class CachedRepository<A extends AggregateRoot> {
  readonly repository: TypedRepository<A>
  readonly #aggregates = new Map<string, Entry<A>>() // insertion order = least recently used first
  readonly #queries = new Map<string, Entry<readonly A[]>>()
  readonly #maxAggregates: number
  readonly #maxQueries: number
  readonly #ttl: number | undefined
  readonly #now: () => number

  constructor(repository: TypedRepository<A>, options: CachedRepositoryOptions = {}) {
    this.repository = repository
    this.#maxAggregates = limit(options.maxAggregates, 1000, 'maxAggregates')
    this.#maxQueries = limit(options.maxQueries, 100, 'maxQueries')
    const { ttlMs, now = Date.now } = options
    if (ttlMs !== undefined && !(typeof ttlMs === 'number' && ttlMs >= 0))
      throw check.invalid('ttlMs', ttlMs, 'a number ≥ 0')
    if (typeof now !== 'function') throw check.invalid('now', now, 'a function returning milliseconds')
    this.#ttl = ttlMs
    this.#now = now
  }

  /** The factory of the wrapped repository (so a cached repository can serve aggregate command handlers). */
  get factory(): AggregateFactory<A> {
    return this.repository.factory
  }

  /** The latest state of aggregate `id`, from the cache when it holds it (a shared instance). */
  fetch(id: string, options: SignalOptions = {}): Promise<A> {
    const { signal } = options
    if (signal?.aborted) return Promise.reject(abortError(signal, 'CachedRepository.fetch()'))
    // The cached fetch is shared between callers, so a caller's signal only stops its own wait.
    return raceSignal(
      this.#get(this.#aggregates, id, this.#maxAggregates, () => this.repository.fetch(id)),
      signal,
      'CachedRepository',
    )
  }

  /** Aggregate `id` at `version`, passed through (not cached). */
  fetchVersion(id: string, version: number, options: Omit<FetchOptions, 'version'> = {}): Promise<A> {
    return this.repository.fetchVersion(id, version, options)
  }

  /** The aggregates `q` selects, from the cache when it holds the result. */
  async *query(q: Query = {}, options: QueryAggregatesOptions = {}): AsyncIterable<A> {
    const key = `${options.includeDeleted === true ? 'all' : 'live'} ${serializeQuery(q)}`
    const load = async () => {
      const out: A[] = []
      for await (const a of this.repository.query(q, { includeDeleted: options.includeDeleted === true })) out.push(a)
      return Object.freeze(out)
    }
    const list = await raceSignal(
      this.#get(this.#queries, key, this.#maxQueries, load),
      options.signal,
      'CachedRepository',
    )
    for (const a of list) {
      if (options.signal?.aborted) throw abortError(options.signal, 'CachedRepository.query()')
      yield a
    }
  }

  /** Saves the aggregate and forgets its cached state and every cached query. */
  async save(a: A, options: SignalOptions = {}): Promise<A> {
    try {
      return await this.repository.save(a, options)
    } finally {
      this.clear(a.aggregateId)
    }
  }

  /** `use()` of the typed repository; forgets the aggregate and every cached query. */
  async use(id: string, fn: (aggregate: A) => void | Promise<void>, options: QueryAggregatesOptions = {}): Promise<A> {
    try {
      return await this.repository.use(id, fn, options)
    } finally {
      this.clear(id)
    }
  }

  /** Deletes aggregate `id` and forgets it and every cached query. */
  async delete(id: string, options: SignalOptions = {}): Promise<void> {
    try {
      await this.repository.delete(id, options)
    } finally {
      this.clear(id)
    }
  }

  /** Forgets aggregate `id` (and every cached query, which may contain it); without an id, everything. */
  clear(id?: string): void {
    if (id === undefined) this.#aggregates.clear()
    else this.#aggregates.delete(id)
    this.#queries.clear()
  }

  /** Forgets everything (the same as `clear()`). */
  reset(): void {
    this.clear()
  }

  #get<T>(map: Map<string, Entry<T>>, key: string, max: number, load: () => Promise<T>): Promise<T> {
    const hit = map.get(key)
    if (hit !== undefined) {
      map.delete(key)
      if (this.#ttl === undefined || this.#now() - hit.at < this.#ttl) {
        map.set(key, hit) // now the most recently used
        return hit.value
      }
    }
    const entry: Entry<T> = { value: load(), at: this.#now() }
    map.set(key, entry)
    // A failure is not cached: the next call tries again. (Unless cleared meanwhile.)
    entry.value.catch(() => {
      if (map.get(key) === entry) map.delete(key)
    })
    for (const k of map.keys()) {
      if (map.size <= max) break
      map.delete(k)
    }
    return entry.value
  }
}

function limit(value: number | undefined, fallback: number, name: string): number {
  return check.integer(name, value, { fallback, infinity: true })
}
