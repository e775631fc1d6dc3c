import type { Event } from '../event/event.js'
import type { AggregateFilter, Query, RangeFilter } from './types.js'
import { validateQuery } from './validate.js'

/**
 * A compiled query: tells whether an event matches.
 *
 * @example
 * ```ts
 * const match: EventMatcher = compileQuery({ names: ['todo.task_added'] })
 * ```
 * @public
 */
export type EventMatcher = (event: Event) => boolean

// Past this many values a Set beats a linear scan.
const SET_THRESHOLD = 8

const always: EventMatcher = () => true

/**
 * Validates `q` once and compiles it into a fast predicate — the in-memory matcher that the
 * memory store uses and every backend's results are checked against. Every present filter
 * must match (AND), values inside one filter are alternatives (OR), range filter parts AND
 * together with inclusive bounds. An event without aggregate never matches an aggregate
 * filter. The predicate allocates nothing per event. Without a query, every event matches.
 *
 * @throws `GoesError` `INVALID_QUERY` when `q` is malformed.
 * @example
 * ```ts
 * const isAdded = compileQuery({ names: ['todo.task_added'] })
 * const added = events.filter(isAdded)
 * ```
 * @public
 */
export function compileQuery(q?: Query): EventMatcher {
  if (q === undefined) return always
  validateQuery(q)
  const checks: EventMatcher[] = []
  if (q.names !== undefined) {
    const has = oneOf(q.names)
    checks.push((e) => has(e.name))
  }
  if (q.ids !== undefined) {
    const has = oneOf(q.ids)
    checks.push((e) => has(e.id))
  }
  if (q.times !== undefined) {
    const has = inRange(q.times)
    checks.push((e) => has(e.timeNano))
  }
  if (q.aggregateNames !== undefined) {
    const has = oneOf(q.aggregateNames)
    checks.push((e) => e.aggregate !== undefined && has(e.aggregate.name))
  }
  if (q.aggregateIds !== undefined) {
    const has = oneOf(q.aggregateIds)
    checks.push((e) => e.aggregate !== undefined && has(e.aggregate.id))
  }
  if (q.aggregateVersions !== undefined) {
    const has = inRange(q.aggregateVersions)
    checks.push((e) => e.aggregate !== undefined && has(e.aggregate.version))
  }
  if (q.aggregates !== undefined) checks.push(pairs(q.aggregates))

  if (checks.length === 0) return always
  if (checks.length === 1) return checks[0]!
  if (checks.length === 2) {
    const [a, b] = checks as [EventMatcher, EventMatcher]
    return (e) => a(e) && b(e)
  }
  return (e) => {
    for (let i = 0; i < checks.length; i++) if (!checks[i]!(e)) return false
    return true
  }
}

/**
 * Reports whether `event` matches `q`. Validates `q` on every call — compile the query once
 * with {@link compileQuery} when matching many events.
 *
 * @example
 * ```ts
 * if (matchesQuery({ aggregateNames: ['todo.list'] }, event)) project(event)
 * ```
 * @public
 */
export function matchesQuery(q: Query, event: Event): boolean {
  return compileQuery(q)(event)
}

function oneOf<T>(values: readonly T[]): (v: T) => boolean {
  if (values.length === 1) {
    const only = values[0]
    return (v) => v === only
  }
  if (values.length <= SET_THRESHOLD) return (v) => values.includes(v)
  const set = new Set(values)
  return (v) => set.has(v)
}

function inRange<T extends number | bigint>(f: RangeFilter<T>): (v: T) => boolean {
  const { min, max, ranges } = f
  const exact = f.exact === undefined ? undefined : oneOf(f.exact)
  return (v) => {
    if (min !== undefined && v < min) return false
    if (max !== undefined && v > max) return false
    if (exact !== undefined && !exact(v)) return false
    if (ranges === undefined) return true
    for (let i = 0; i < ranges.length; i++) {
      const r = ranges[i]!
      if (v >= r[0] && v <= r[1]) return true
    }
    return false
  }
}

// Pairs OR together. Indexed by name: undefined ids = any id of that name.
function pairs(list: readonly AggregateFilter[]): EventMatcher {
  const byName = new Map<string, Set<string> | 'any'>()
  for (const { name, id } of list) {
    const ids = byName.get(name)
    if (ids === 'any') continue
    if (id === undefined) byName.set(name, 'any')
    else if (ids === undefined) byName.set(name, new Set([id]))
    else ids.add(id)
  }
  return (e) => {
    const a = e.aggregate
    if (a === undefined) return false
    const ids = byName.get(a.name)
    return ids !== undefined && (ids === 'any' || ids.has(a.id))
  }
}
