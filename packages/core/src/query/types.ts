/**
 * A filter on an ordered value (event time in nanoseconds, aggregate version). The parts that
 * are present AND together; values inside `exact` and `ranges` OR together.
 *
 * - `exact`: the value is one of these.
 * - `ranges`: the value lies in one of these inclusive `[from, to]` ranges.
 * - `min` / `max`: inclusive bounds.
 *
 * A filter whose parts cannot hold together (say every `exact` value outside `[min, max]`) is
 * rejected by `validateQuery` rather than silently matching nothing.
 *
 * @example
 * ```ts
 * const versions: VersionFilter = { ranges: [[1, 3], [10, 12]], max: 11 } // 1–3 or 10–11
 * ```
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

/**
 * An (aggregate name, optional aggregate id) pair; without `id` every aggregate of that name
 * matches. The pairs of a query are alternatives.
 *
 * @example
 * ```ts
 * const q: Query = { aggregates: [{ name: 'todo.list', id: listId }, { name: 'user' }] }
 * ```
 * @public
 */
export interface AggregateFilter {
  readonly name: string
  readonly id?: string
}

/** A field events can be sorted by. @public */
export type SortField = 'time' | 'aggregateName' | 'aggregateId' | 'aggregateVersion'

/** Sort direction. @public */
export type SortDirection = 'asc' | 'desc'

/**
 * One key of a multi-key sort. Events without aggregate sort as aggregate name `''`, id `''`,
 * version `0`.
 *
 * @example
 * ```ts
 * const sort: Sorting[] = [{ by: 'aggregateId', dir: 'asc' }, { by: 'aggregateVersion', dir: 'asc' }]
 * ```
 * @public
 */
export interface Sorting {
  readonly by: SortField
  readonly dir: SortDirection
}

/**
 * An event query: plain, serialisable data (bigint times aside — see `serializeQuery`).
 * Every present filter must match (AND); the values inside one filter are alternatives (OR).
 * An absent filter matches everything; an empty list is rejected (it would match nothing).
 * Results are sorted by `sort`, key by key; without `sort` no order is promised.
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
