import { toIntervals } from './intervals.js'
import { queryError, show } from './problem.js'
import type { RangeFilter } from './types.js'

const RANGE_KEYS = new Set(['exact', 'ranges', 'min', 'max'])
const RANGE_HINTS: Record<string, string> = {
  from: 'ranges',
  to: 'ranges',
  range: 'ranges',
  values: 'exact',
  in: 'exact',
  gte: 'min',
  lte: 'max',
  before: 'max',
  after: 'min',
}

interface Kind {
  readonly is: (v: unknown) => boolean
  readonly expect: string
  readonly fix: string
}

const TIME: Kind = {
  is: (v) => typeof v === 'bigint',
  expect: 'a bigint of nanoseconds since the epoch',
  fix: 'Convert a Date with dateToNano(date), or build the query with query().time(t => t.min(date)).',
}
const VERSION: Kind = {
  is: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0,
  expect: 'an integer ≥ 0',
  fix: 'Aggregate versions are whole numbers; the first event of an aggregate has version 1.',
}

/**
 * Checks a time (`'time'`) or aggregate version (`'version'`) range filter: known keys, typed
 * values, non-empty lists, `from ≤ to`, `min ≤ max`, and that the parts together can match
 * something at all.
 *
 * @internal
 */
export function validateRange(field: string, f: unknown, kind: 'time' | 'version'): void {
  const k = kind === 'time' ? TIME : VERSION
  if (typeof f !== 'object' || f === null || Array.isArray(f)) {
    throw queryError(field, `must be an object { exact?, ranges?, min?, max? }, got ${show(f)}`, k.fix)
  }
  for (const key of Object.keys(f)) {
    if (RANGE_KEYS.has(key)) continue
    const hint = RANGE_HINTS[key]
    throw queryError(
      `${field}.${key}`,
      'is not a known key',
      hint !== undefined
        ? `Did you mean \`${hint}\`? A range filter has exact, ranges, min and max (all inclusive).`
        : 'A range filter has exact, ranges, min and max (all inclusive).',
    )
  }
  const r = f as RangeFilter<number | bigint>
  const value = (path: string, v: unknown) => {
    if (!k.is(v)) throw queryError(path, `must be ${k.expect}, got ${show(v)}`, k.fix)
  }
  if (r.exact !== undefined) {
    nonEmptyList(`${field}.exact`, r.exact)
    for (const [i, v] of r.exact.entries()) value(`${field}.exact[${i}]`, v)
  }
  if (r.ranges !== undefined) {
    nonEmptyList(`${field}.ranges`, r.ranges)
    r.ranges.forEach((range, i) => {
      const path = `${field}.ranges[${i}]`
      if (!Array.isArray(range) || range.length !== 2) {
        throw queryError(
          path,
          `must be a [from, to] pair, got ${show(range)}`,
          'Write each range as [from, to], both inclusive.',
        )
      }
      value(`${path}[0]`, range[0])
      value(`${path}[1]`, range[1])
      if (range[0] > range[1]) {
        throw queryError(
          path,
          `has from ${show(range[0])} after to ${show(range[1])}`,
          'Swap the bounds: ranges are [from, to] with from ≤ to.',
        )
      }
    })
  }
  if (r.min !== undefined) value(`${field}.min`, r.min)
  if (r.max !== undefined) value(`${field}.max`, r.max)
  if (r.min !== undefined && r.max !== undefined && r.min > r.max) {
    throw queryError(
      field,
      `has min ${show(r.min)} greater than max ${show(r.max)}, so it matches nothing`,
      'Swap min and max, or drop one of them.',
    )
  }
  if (toIntervals(r).length > 0) return
  // The parts are each fine but cannot hold together; say which ones clash.
  const bounded = r.min !== undefined || r.max !== undefined
  const bounds = `[${r.min === undefined ? '−∞' : show(r.min)}, ${r.max === undefined ? '+∞' : show(r.max)}]`
  const fix = 'The parts of a range filter AND together; widen the bounds or drop the part that excludes everything.'
  if (r.exact !== undefined && bounded && toIntervals({ exact: r.exact, min: r.min, max: r.max }).length === 0) {
    throw queryError(field, `matches nothing: every exact value lies outside min/max ${bounds}`, fix)
  }
  if (r.ranges !== undefined && bounded && toIntervals({ ranges: r.ranges, min: r.min, max: r.max }).length === 0) {
    throw queryError(field, `matches nothing: no range intersects min/max ${bounds}`, fix)
  }
  throw queryError(field, 'matches nothing: no exact value lies inside any of the ranges (and min/max)', fix)
}

/** Throws unless `list` is a non-empty array. @internal */
export function nonEmptyList(field: string, list: unknown): asserts list is readonly unknown[] {
  if (!Array.isArray(list)) {
    throw queryError(field, `must be an array, got ${show(list)}`, `Write \`${field}: [value, …]\`.`)
  }
  if (list.length === 0) {
    throw queryError(
      field,
      'is an empty list, and an empty list matches nothing',
      'Omit the filter to match everything, or skip the query.',
    )
  }
}
