import type { RangeFilter } from './types.js'

// Exact interval arithmetic over the integers, shared by validation (does a filter match
// anything at all?) and by isSupersetOf (is one filter's set inside another's?). Times and
// versions are both integers, so [1, 3] and [4, 6] join into [1, 6]. Versions are lifted to
// bigint here: this runs once per query, never per event.

/** A closed integer interval; an `undefined` end is unbounded. @internal */
export interface Interval {
  readonly lo: bigint | undefined
  readonly hi: bigint | undefined
}

/** The whole line: what an absent filter allows. @internal */
export const EVERYTHING: readonly Interval[] = [{ lo: undefined, hi: undefined }]

const big = (v: number | bigint): bigint => (typeof v === 'bigint' ? v : BigInt(v))
// Lower bounds: undefined is −∞. Upper bounds: undefined is +∞.
const maxLo = (a: bigint | undefined, b: bigint | undefined) => (a === undefined ? b : b === undefined || a > b ? a : b)
const minHi = (a: bigint | undefined, b: bigint | undefined) => (a === undefined ? b : b === undefined || a < b ? a : b)
const hiBefore = (a: bigint | undefined, b: bigint | undefined) => a !== undefined && (b === undefined || a < b)

/** Sorts and joins overlapping or adjacent intervals into a disjoint, ascending list. @internal */
export function union(list: readonly Interval[]): Interval[] {
  const sorted = [...list].sort((x, y) =>
    x.lo === y.lo ? 0 : x.lo === undefined ? -1 : y.lo === undefined ? 1 : x.lo < y.lo ? -1 : 1,
  )
  const out: Interval[] = []
  for (const iv of sorted) {
    const last = out[out.length - 1]
    if (last !== undefined && (last.hi === undefined || iv.lo === undefined || iv.lo <= last.hi + 1n)) {
      if (!hiBefore(iv.hi, last.hi)) out[out.length - 1] = { lo: last.lo, hi: iv.hi }
    } else out.push(iv)
  }
  return out
}

/** Intersects two disjoint, ascending lists; the result is disjoint and ascending too. @internal */
export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const x = a[i]!
    const y = b[j]!
    const lo = maxLo(x.lo, y.lo)
    const hi = minHi(x.hi, y.hi)
    if (lo === undefined || hi === undefined || lo <= hi) out.push({ lo, hi })
    if (hiBefore(x.hi, y.hi)) i++
    else j++
  }
  return out
}

/**
 * The values a range filter allows, as a disjoint ascending interval list: `[min, max]` ∩
 * (the exact points) ∩ (the union of ranges). Empty means the filter matches nothing. Expects
 * a validated filter (integer values).
 *
 * @internal
 */
export function toIntervals(f: RangeFilter<number | bigint> | undefined): Interval[] {
  if (f === undefined) return [...EVERYTHING]
  let set: Interval[] = [
    { lo: f.min === undefined ? undefined : big(f.min), hi: f.max === undefined ? undefined : big(f.max) },
  ]
  if (set[0]!.lo !== undefined && set[0]!.hi !== undefined && set[0]!.lo > set[0]!.hi) return []
  if (f.exact !== undefined) set = intersect(set, union(f.exact.map((v) => ({ lo: big(v), hi: big(v) }))))
  if (f.ranges !== undefined) {
    const ranges: Interval[] = []
    for (const [from, to] of f.ranges) if (from <= to) ranges.push({ lo: big(from), hi: big(to) })
    set = intersect(set, union(ranges))
  }
  return set
}

/** Whether every value of `inner` lies in `outer` (both disjoint and ascending). @internal */
export function containsAll(outer: readonly Interval[], inner: readonly Interval[]): boolean {
  let i = 0
  for (const iv of inner) {
    // Skip outer intervals that end before this one starts.
    while (i < outer.length && iv.lo !== undefined && hiBefore(outer[i]!.hi, iv.lo)) i++
    const o = outer[i]
    if (o === undefined) return false
    const loOk = o.lo === undefined || (iv.lo !== undefined && o.lo <= iv.lo)
    const hiOk = o.hi === undefined || (iv.hi !== undefined && iv.hi <= o.hi)
    if (!loOk || !hiOk) return false
  }
  return true
}
