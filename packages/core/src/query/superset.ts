import { containsAll, toIntervals } from './intervals.js'
import type { AggregateFilter, Query } from './types.js'
import { validateQuery } from './validate.js'

// A (name, id) an event matching b may belong to; `id: undefined` stands for "any id".
type Candidate = AggregateFilter
// Beyond this many (name, id) combinations we stop enumerating and answer "not sure" (false).
const MAX_CANDIDATES = 10_000

/**
 * Reports whether `a` matches every event `b` matches — then `a`'s results, filtered with
 * `compileQuery(b)`, are `b`'s results. Sound: `true` is always right; `false` may also mean
 * "could not prove it". Time and version filters are compared with exact interval arithmetic;
 * aggregate filters of `b` are combined (names × ids × pairs) before they are compared with
 * `a`'s. Sorting is ignored.
 *
 * @example
 * ```ts
 * isSupersetOf({ aggregateNames: ['todo.list'] }, { aggregates: [{ name: 'todo.list', id }] }) // true
 * isSupersetOf({ names: ['a'] }, {}) // false
 * ```
 * @throws `GoesError` `INVALID_QUERY` when either query is malformed.
 * @public
 */
export function isSupersetOf(a: Query, b: Query): boolean {
  validateQuery(a)
  validateQuery(b)
  return supersetOfValid(a, b)
}

/** {@link isSupersetOf} for queries already validated (the cache checks many entries). @internal */
export function supersetOfValid(a: Query, b: Query): boolean {
  const candidates = aggregateCandidates(b)
  // b's aggregate filters contradict each other: b matches nothing, which every query contains.
  if (candidates !== undefined && candidates !== 'unknown' && candidates.length === 0) return true

  if (a.names !== undefined && (b.names === undefined || !subset(b.names, a.names))) return false
  if (a.ids !== undefined && (b.ids === undefined || !subset(b.ids, a.ids))) return false
  if (a.times !== undefined && !containsAll(toIntervals(a.times), toIntervals(b.times))) return false

  const needsAggregate = a.aggregateNames ?? a.aggregateIds ?? a.aggregateVersions ?? a.aggregates
  if (needsAggregate === undefined) return true
  // b lets events without aggregate through, or too many combinations to check.
  if (candidates === undefined || candidates === 'unknown') return false
  if (a.aggregateVersions !== undefined) {
    if (!containsAll(toIntervals(a.aggregateVersions), toIntervals(b.aggregateVersions))) return false
  }
  if (a.aggregateNames !== undefined) {
    const names = new Set(a.aggregateNames)
    if (!candidates.every((c) => c.name !== '' && names.has(c.name))) return false
  }
  if (a.aggregateIds !== undefined) {
    const ids = new Set(a.aggregateIds)
    if (!candidates.every((c) => c.id !== undefined && ids.has(c.id))) return false
  }
  if (a.aggregates !== undefined) {
    const byName = new Map<string, Set<string | undefined>>()
    for (const p of a.aggregates) byName.set(p.name, (byName.get(p.name) ?? new Set()).add(p.id))
    const covered = (c: Candidate) => {
      const ids = byName.get(c.name)
      return ids !== undefined && (ids.has(undefined) || (c.id !== undefined && ids.has(c.id)))
    }
    if (!candidates.every((c) => c.name !== '' && covered(c))) return false
  }
  return true
}

/**
 * Every (aggregate name, aggregate id) an event matching `q` can have, from the aggregate
 * filters of `q` taken together. `undefined` when `q` lets events without aggregate through;
 * `'unknown'` when the combinations are too many to list. A name of `''` means "any name"
 * (real names are never empty).
 */
function aggregateCandidates(q: Query): Candidate[] | 'unknown' | undefined {
  const { aggregateNames: names, aggregateIds: ids, aggregates: pairs } = q
  if (names === undefined && ids === undefined && pairs === undefined) {
    // A version filter alone still requires an aggregate, of any name and id.
    return q.aggregateVersions === undefined ? undefined : [{ name: '' }]
  }
  const nameSet = names && new Set(names)
  const idSet = ids && new Set(ids)
  const base: Candidate[] = pairs
    ? pairs.filter((p) => !nameSet || nameSet.has(p.name))
    : (names ?? ['']).map((name) => ({ name }))
  if ((idSet?.size ?? 1) * base.length > MAX_CANDIDATES) return 'unknown'
  const out: Candidate[] = []
  for (const c of base) {
    if (c.id !== undefined) {
      if (!idSet || idSet.has(c.id)) out.push(c)
    } else if (idSet) for (const id of idSet) out.push({ name: c.name, id })
    else out.push(c)
  }
  return out
}

function subset(inner: readonly string[], outer: readonly string[]): boolean {
  if (inner.length === 1) return outer.includes(inner[0]!)
  const set = new Set(outer)
  return inner.every((v) => set.has(v))
}
