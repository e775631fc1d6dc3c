import { TimeFilterBuilder, VersionFilterBuilder } from './range-builder.js'
import type { AggregateFilter, Query, SortDirection, SortField, Sorting } from './types.js'
import { validateQuery } from './validate.js'

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/**
 * Fluent builder of a {@link Query}. Repeated calls accumulate (the values add up as
 * alternatives); `build()` validates and returns plain data, and the builder stays reusable.
 * A list method called with no values is kept as an empty list, so `build()` reports it
 * instead of silently matching everything.
 *
 * @example
 * ```ts
 * const q = query()
 *   .names('todo.task_added', 'todo.task_removed')
 *   .aggregate('todo.list', listId)
 *   .time((t) => t.after(since))
 *   .sortBy('aggregateVersion')
 *   .build()
 * ```
 * @public
 */
export class QueryBuilder {
  #names: string[] | undefined
  #ids: string[] | undefined
  #aggregateNames: string[] | undefined
  #aggregateIds: string[] | undefined
  #aggregates: AggregateFilter[] | undefined
  #sort: Sorting[] = []
  readonly #times = new TimeFilterBuilder()
  readonly #versions = new VersionFilterBuilder()

  /** Events with one of these names. */
  names(...names: string[]): this {
    this.#names = [...(this.#names ?? []), ...names]
    return this
  }
  /** Events with one of these ids. */
  ids(...ids: string[]): this {
    this.#ids = [...(this.#ids ?? []), ...ids]
    return this
  }
  /** Restricts the event time; see {@link TimeFilterBuilder}. */
  time(build: (t: TimeFilterBuilder) => unknown): this {
    build(this.#times)
    return this
  }
  /** Events of aggregates with one of these names. */
  aggregateNames(...names: string[]): this {
    this.#aggregateNames = [...(this.#aggregateNames ?? []), ...names]
    return this
  }
  /** Events of aggregates with one of these ids. */
  aggregateIds(...ids: string[]): this {
    this.#aggregateIds = [...(this.#aggregateIds ?? []), ...ids]
    return this
  }
  /** Restricts the aggregate version; see {@link VersionFilterBuilder}. */
  aggregateVersions(build: (v: VersionFilterBuilder) => unknown): this {
    build(this.#versions)
    return this
  }
  /** Events of the aggregate `name` (only the one with `id`, when given); pairs add up as alternatives. */
  aggregate(name: string, id?: string): this {
    this.#aggregates = [...(this.#aggregates ?? []), id === undefined ? { name } : { name, id }]
    return this
  }
  /** Adds a sort key; the first key decides, later ones break ties. */
  sortBy(by: SortField, dir: SortDirection = 'asc'): this {
    this.#sort.push({ by, dir })
    return this
  }

  /**
   * The query as plain data.
   *
   * @throws `GoesError` `INVALID_QUERY` when the collected filters are malformed or contradictory.
   */
  build(): Query {
    const q: Mutable<Query> = {}
    if (this.#names !== undefined) q.names = [...this.#names]
    if (this.#ids !== undefined) q.ids = [...this.#ids]
    const times = this.#times.parts.build()
    if (times !== undefined) q.times = times
    if (this.#aggregateNames !== undefined) q.aggregateNames = [...this.#aggregateNames]
    if (this.#aggregateIds !== undefined) q.aggregateIds = [...this.#aggregateIds]
    const versions = this.#versions.parts.build()
    if (versions !== undefined) q.aggregateVersions = versions
    if (this.#aggregates !== undefined) q.aggregates = this.#aggregates.map((a) => ({ ...a }))
    if (this.#sort.length > 0) q.sort = this.#sort.map((s) => ({ ...s }))
    return validateQuery(q)
  }
}

/**
 * Starts a {@link QueryBuilder}.
 *
 * @example
 * ```ts
 * for await (const e of store.query(query().aggregateNames('todo.list').build())) apply(e)
 * ```
 * @public
 */
export function query(): QueryBuilder {
  return new QueryBuilder()
}
