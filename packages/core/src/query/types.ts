/**
 * A filter on an ordered value (event time in nanoseconds, aggregate version). The parts that
 * are present AND together; values inside `exact` and `ranges` OR together.
 *
 * - `exact`: the value is one of these.
 * - `ranges`: the value lies in one of these inclusive `[from, to]` ranges.
 * - `min` / `max`: inclusive bounds.
 *
 * @public
 */
export interface RangeFilter<T extends number | bigint> {
  readonly exact?: readonly T[]
  readonly ranges?: readonly (readonly [from: T, to: T])[]
  readonly min?: T
  readonly max?: T
}

/** Event time filter, in nanoseconds since the epoch. @public */
export type TimeFilter = RangeFilter<bigint>

/** Aggregate version filter. @public */
export type VersionFilter = RangeFilter<number>

/** An (aggregate name, optional aggregate id) pair; without `id` every aggregate of that name matches. @public */
export interface AggregateFilter {
  readonly name: string
  readonly id?: string
}

/** A field events can be sorted by. @public */
export type SortField = 'time' | 'aggregateName' | 'aggregateId' | 'aggregateVersion'

/** Sort direction. @public */
export type SortDirection = 'asc' | 'desc'

/** One key of a multi-key sort. @public */
export interface Sorting {
  readonly by: SortField
  readonly dir: SortDirection
}

/**
 * An event query: plain, serialisable data (bigint times aside — see `serializeQuery`).
 * Every present filter must match (AND); the values inside one filter are alternatives (OR).
 * An absent filter matches everything. Results are sorted by `sort`, key by key.
 *
 * @example
 * ```ts
 * const q: Query = {
 *   names: ['todo.task_added', 'todo.task_removed'],
 *   aggregateVersions: { min: 2 },
 *   sort: [{ by: 'time', dir: 'asc' }],
 * }
 * ```
 * @public
 */
export interface Query {
  readonly names?: readonly string[]
  readonly ids?: readonly string[]
  readonly times?: TimeFilter
  readonly aggregateNames?: readonly string[]
  readonly aggregateIds?: readonly string[]
  readonly aggregateVersions?: VersionFilter
  readonly aggregates?: readonly AggregateFilter[]
  readonly sort?: readonly Sorting[]
}
