import type { AggregateFilter, Query, RangeFilter, Sorting } from './types.js'
import { validateQuery } from './validate.js'

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/**
 * Merges queries into one that WIDENS: it matches every event any of them matches, and
 * possibly more — the filters merge one by one, not the queries as a whole, so
 * `{ names: [a], ids: [x] }` and `{ names: [b], ids: [y] }` give a query that also matches an
 * event named `a` with id `y`. Per filter: lists are unioned and deduplicated, `min` is the
 * lowest and `max` the highest, `ranges` are concatenated; a filter (or range part) that one of
 * the queries lacks is dropped, because that query allows any value there. Sortings are
 * concatenated, keeping the first entry per field. Use it to fetch once for several readers,
 * then narrow per reader with {@link compileQuery}.
 *
 * @example
 * ```ts
 * mergeQueries({ names: ['a'], times: { min: 5n } }, { names: ['b'], times: { min: 2n } })
 * // → { names: ['a', 'b'], times: { min: 2n } }
 * ```
 * @throws `GoesError` `INVALID_QUERY` when one of the queries is malformed.
 * @public
 */
export function mergeQueries(...queries: Query[]): Query {
  for (const q of queries) validateQuery(q)
  if (queries.length === 0) return {}
  const out: Mutable<Query> = {}
  const names = lists(queries.map((q) => q.names))
  if (names) out.names = names
  const ids = lists(queries.map((q) => q.ids))
  if (ids) out.ids = ids
  const times = ranges(queries.map((q) => q.times))
  if (times) out.times = times
  const aggregateNames = lists(queries.map((q) => q.aggregateNames))
  if (aggregateNames) out.aggregateNames = aggregateNames
  const aggregateIds = lists(queries.map((q) => q.aggregateIds))
  if (aggregateIds) out.aggregateIds = aggregateIds
  const versions = ranges(queries.map((q) => q.aggregateVersions))
  if (versions) out.aggregateVersions = versions
  const aggregates = pairs(queries.map((q) => q.aggregates))
  if (aggregates) out.aggregates = aggregates
  const sort = sortings(queries.map((q) => q.sort))
  if (sort.length > 0) out.sort = sort
  return out
}

function all<T>(parts: readonly (T | undefined)[]): parts is T[] {
  return parts.every((p) => p !== undefined)
}

function lists<T>(parts: readonly (readonly T[] | undefined)[]): T[] | undefined {
  return all(parts) ? [...new Set(parts.flat())] : undefined
}

function ranges<T extends number | bigint>(parts: readonly (RangeFilter<T> | undefined)[]): RangeFilter<T> | undefined {
  if (!all(parts)) return undefined
  const f: Mutable<RangeFilter<T>> = {}
  const exact = lists(parts.map((p) => p.exact))
  if (exact) f.exact = exact
  if (all(parts.map((p) => p.ranges))) f.ranges = parts.flatMap((p) => p.ranges!.map(([a, b]) => [a, b] as const))
  const mins = parts.map((p) => p.min)
  // biome-ignore lint/complexity/useMathMinMax: values may be bigints, which Math.min rejects
  if (all(mins)) f.min = mins.reduce((a, b) => (b < a ? b : a))
  const maxes = parts.map((p) => p.max)
  // biome-ignore lint/complexity/useMathMinMax: values may be bigints, which Math.max rejects
  if (all(maxes)) f.max = maxes.reduce((a, b) => (b > a ? b : a))
  // Every part dropped: the merged filter allows everything, like an absent one.
  return Object.keys(f).length === 0 ? undefined : f
}

function pairs(parts: readonly (readonly AggregateFilter[] | undefined)[]): AggregateFilter[] | undefined {
  if (!all(parts)) return undefined
  const seen = new Set<string>()
  const out: AggregateFilter[] = []
  for (const p of parts.flat()) {
    const key = `${p.name}\u0000${p.id ?? ''}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push(p.id === undefined ? { name: p.name } : { name: p.name, id: p.id })
  }
  return out
}

function sortings(parts: readonly (readonly Sorting[] | undefined)[]): Sorting[] {
  const seen = new Set<string>()
  const out: Sorting[] = []
  for (const s of parts.flatMap((p) => p ?? [])) {
    if (seen.has(s.by)) continue
    seen.add(s.by)
    out.push({ by: s.by, dir: s.dir })
  }
  return out
}
