import { isGoesError } from '../errors/errors.js'
import { assertName } from '../event/validate.js'
import { assertUUID } from '../uuid/uuid.js'
import { queryError, show } from './problem.js'
import type { Query } from './types.js'
import { nonEmptyList, validateRange } from './validate-range.js'
import { validateSort } from './validate-sort.js'

/**
 * The filter keys of a {@link Query} (every key but `sort`), in the order the docs and error
 * messages list them — for adapters and conformance suites that handle or test each filter.
 *
 * @example
 * ```ts
 * for (const key of QUERY_FILTER_KEYS) if (q[key] !== undefined) translate(key, q[key])
 * ```
 * @public
 */
export const QUERY_FILTER_KEYS = [
  'names',
  'ids',
  'times',
  'aggregateNames',
  'aggregateIds',
  'aggregateVersions',
  'aggregates',
] as const satisfies readonly Exclude<keyof Query, 'sort'>[]

const QUERY_KEYS: readonly string[] = [...QUERY_FILTER_KEYS, 'sort']
const QUERY_KEY_SET = new Set(QUERY_KEYS)

// Usual slips, mapped to the key meant; anything else gets the nearest key by edit distance.
const HINTS: Record<string, string> = {
  name: 'names',
  id: 'ids',
  time: 'times',
  timeNano: 'times',
  aggregateName: 'aggregateNames',
  aggregateId: 'aggregateIds',
  aggregateVersion: 'aggregateVersions',
  version: 'aggregateVersions',
  versions: 'aggregateVersions',
  aggregate: 'aggregates',
  sorting: 'sort',
  sortings: 'sort',
  sortBy: 'sort',
  orderBy: 'sort',
}

/**
 * Checks that `q` is a well-formed {@link Query} and returns it, typed. Throws a `GoesError`
 * with code `INVALID_QUERY` whose message names the offending field and the fix — for unknown
 * keys, wrongly typed filters, empty lists (they would match nothing), invalid names, ids that
 * are not UUIDs or are the nil UUID, non-bigint times, versions that are not integers ≥ 0,
 * inverted ranges or bounds, range filters whose parts provably match nothing, and bad sort
 * entries. An `undefined` value counts as an absent filter.
 *
 * @example
 * ```ts
 * const q = validateQuery(JSON.parse(body)) // throws INVALID_QUERY on a typo like { name: [...] }
 * ```
 * @public
 */
export function validateQuery(q: unknown): Query {
  if (Object.prototype.toString.call(q) !== '[object Object]') {
    throw queryError(
      '',
      `must be a plain object, got ${show(q)}`,
      'Pass an object such as { names: ["todo.task_added"] }, or {} for every event.',
    )
  }
  const o = q as Record<string, unknown>
  for (const key of Object.keys(o)) {
    if (QUERY_KEY_SET.has(key)) continue
    const hint = HINTS[key] ?? nearest(key)
    throw queryError(
      key,
      'is not a known query key',
      `${hint === undefined ? '' : `Did you mean \`${hint}\`? `}A query has ${QUERY_KEYS.join(', ')}.`,
    )
  }
  names('names', o.names, 'event name')
  uuids('ids', o.ids, 'event id')
  if (o.times !== undefined) validateRange('times', o.times, 'time')
  names('aggregateNames', o.aggregateNames, 'aggregate name')
  uuids('aggregateIds', o.aggregateIds, 'aggregate id')
  if (o.aggregateVersions !== undefined) validateRange('aggregateVersions', o.aggregateVersions, 'version')
  if (o.aggregates !== undefined) aggregates(o.aggregates)
  if (o.sort !== undefined) validateSort(o.sort)
  return q as Query
}

function names(field: string, list: unknown, what: string): void {
  if (list === undefined) return
  nonEmptyList(field, list)
  for (const [i, n] of list.entries()) rethrow(`${field}[${i}]`, () => assertName(n, what))
}

function uuids(field: string, list: unknown, what: string): void {
  if (list === undefined) return
  nonEmptyList(field, list)
  for (const [i, id] of list.entries()) rethrow(`${field}[${i}]`, () => assertUUID(id, what))
}

function aggregates(list: unknown): void {
  nonEmptyList('aggregates', list)
  list.forEach((pair, i) => {
    const path = `aggregates[${i}]`
    if (Object.prototype.toString.call(pair) !== '[object Object]') {
      throw queryError(
        path,
        `must be an object { name, id? }, got ${show(pair)}`,
        'Write { name: "todo.list" } or { name, id }.',
      )
    }
    for (const key of Object.keys(pair as object)) {
      if (key !== 'name' && key !== 'id') {
        throw queryError(`${path}.${key}`, 'is not a known key', 'An aggregate pair has `name` and an optional `id`.')
      }
    }
    const p = pair as { name?: unknown; id?: unknown }
    rethrow(`${path}.name`, () => assertName(p.name, 'aggregate name'))
    if (p.id !== undefined) rethrow(`${path}.id`, () => assertUUID(p.id, 'aggregate id'))
  })
}

// Re-raises a name/UUID check failure as INVALID_QUERY, keeping the original as `cause`.
function rethrow(field: string, check: () => void): void {
  try {
    check()
  } catch (err) {
    if (!isGoesError(err)) throw err
    throw queryError(field, `is invalid: ${err.message}`, 'Fix or remove this value.', err)
  }
}

function nearest(key: string): string | undefined {
  let best: string | undefined
  let bestDistance = 4 // suggest only close matches
  for (const k of QUERY_KEYS) {
    const d = distance(key.toLowerCase(), k.toLowerCase())
    if (d < bestDistance) [best, bestDistance] = [k, d]
  }
  return best
}

/** Levenshtein edit distance. @internal */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    prev = row
  }
  return prev[b.length]!
}
