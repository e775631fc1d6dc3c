import { queryError } from './problem.js'
import type { AggregateFilter, Query, RangeFilter } from './types.js'
import { validateQuery } from './validate.js'

// Canonical JSON: fixed key order, OR-lists sorted and deduplicated, empty range filters and
// empty sorts dropped, so equal queries give equal strings (a cache key). Times are bigints,
// which JSON lacks: they travel as decimal strings ending in "n" ("1700000000000000000n").

const BIGINT_RE = /^-?\d+n$/
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
const byValue = <T extends number | bigint>(a: T, b: T) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Serialises a query to a canonical string: two queries that differ only in key order, list
 * order or duplicates give the same string, so it serves as a cache key. Bigint times survive
 * as strings with an `n` suffix; {@link parseQuery} restores them. The sort order is kept as
 * written (it matters).
 *
 * @example
 * ```ts
 * serializeQuery({ names: ['b', 'a', 'a'], times: { min: 5n } })
 * // '{"names":["a","b"],"times":{"min":"5n"}}'
 * ```
 * @throws `GoesError` `INVALID_QUERY` when `q` is malformed.
 * @public
 */
export function serializeQuery(q: Query): string {
  validateQuery(q)
  const out: Record<string, unknown> = {}
  if (q.names) out.names = texts(q.names)
  if (q.ids) out.ids = texts(q.ids)
  const times = range(q.times, (v) => `${v}n`)
  if (times) out.times = times
  if (q.aggregateNames) out.aggregateNames = texts(q.aggregateNames)
  if (q.aggregateIds) out.aggregateIds = texts(q.aggregateIds)
  const versions = range(q.aggregateVersions, (v) => v)
  if (versions) out.aggregateVersions = versions
  if (q.aggregates) out.aggregates = pairs(q.aggregates)
  if (q.sort && q.sort.length > 0) out.sort = q.sort.map((s) => ({ by: s.by, dir: s.dir }))
  return JSON.stringify(out)
}

/**
 * Parses a string from {@link serializeQuery} back into a validated query (times as bigints).
 *
 * @example
 * ```ts
 * const q = parseQuery(serializeQuery(original)) // deep-equal to the canonical form of original
 * ```
 * @throws `GoesError` `INVALID_QUERY` when the text is not JSON or not a valid query.
 * @public
 */
export function parseQuery(text: string): Query {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    throw queryError('', 'text is not valid JSON', 'Pass a string made by serializeQuery().', err)
  }
  const times = (raw as { times?: unknown } | null)?.times
  if (typeof times === 'object' && times !== null && !Array.isArray(times)) {
    const t = times as Record<string, unknown>
    const fix = (v: unknown) => (typeof v === 'string' && BIGINT_RE.test(v) ? BigInt(v.slice(0, -1)) : v)
    const revived: Record<string, unknown> = { ...t }
    if (Array.isArray(t.exact)) revived.exact = t.exact.map(fix)
    if (Array.isArray(t.ranges)) revived.ranges = t.ranges.map((r) => (Array.isArray(r) ? r.map(fix) : r))
    if ('min' in t) revived.min = fix(t.min)
    if ('max' in t) revived.max = fix(t.max)
    ;(raw as Record<string, unknown>).times = revived
  }
  return validateQuery(raw)
}

function texts(list: readonly string[]): string[] {
  return [...new Set(list)].sort(byText)
}

function range<T extends number | bigint, J>(f: RangeFilter<T> | undefined, json: (v: T) => J): object | undefined {
  if (f === undefined) return undefined
  const out: Record<string, unknown> = {}
  if (f.exact) out.exact = [...new Set(f.exact)].sort(byValue).map(json)
  if (f.ranges) {
    const sorted = [...f.ranges].sort((x, y) => byValue(x[0], y[0]) || byValue(x[1], y[1]))
    const unique = sorted.filter((r, i) => i === 0 || r[0] !== sorted[i - 1]![0] || r[1] !== sorted[i - 1]![1])
    out.ranges = unique.map(([a, b]) => [json(a), json(b)])
  }
  if (f.min !== undefined) out.min = json(f.min)
  if (f.max !== undefined) out.max = json(f.max)
  // {} allows everything, the same as no filter: one spelling only.
  return Object.keys(out).length === 0 ? undefined : out
}

function pairs(list: readonly AggregateFilter[]): AggregateFilter[] {
  const seen = new Set<string>()
  const out: AggregateFilter[] = []
  const sorted = [...list].sort((a, b) => byText(a.name, b.name) || byText(a.id ?? '', b.id ?? ''))
  for (const p of sorted) {
    const key = `${p.name}\u0000${p.id ?? ''}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push(p.id === undefined ? { name: p.name } : { name: p.name, id: p.id })
  }
  return out
}
