import { type Event, newEvent, uuid } from '../src/index.js'
import {
  type AggregateFilter,
  compileQuery,
  isSupersetOf,
  mergeQueries,
  type Query,
  type RangeFilter,
  validateQuery,
} from '../src/query/index.js'

// Seeded PRNG (mulberry32): the property test is reproducible; change SEED to explore.
const SEED = 20240611
function prng(seed: number) {
  let s = seed >>> 0
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1))
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!
  const some = <T>(xs: readonly T[]): T[] => {
    const out = xs.filter(() => next() < 0.4)
    return out.length > 0 ? out : [pick(xs)]
  }
  return { next, int, pick, some }
}
type Rng = ReturnType<typeof prng>

// A small universe, so random queries and events overlap often.
const NAMES = ['a', 'b', 'c']
const IDS = [uuid(), uuid(), uuid()]
const AGG_NAMES = ['x', 'y']
const AGG_IDS = [uuid(), uuid(), uuid()]

function randomRange<T extends number | bigint>(r: Rng, of: (n: number) => T): RangeFilter<T> {
  const f: { exact?: T[]; ranges?: [T, T][]; min?: T; max?: T } = {}
  if (r.next() < 0.3) f.exact = Array.from({ length: r.int(1, 4) }, () => of(r.int(0, 12)))
  if (r.next() < 0.3)
    f.ranges = Array.from({ length: r.int(1, 3) }, () => {
      const lo = r.int(0, 12)
      return [of(lo), of(lo + r.int(0, 5))]
    })
  if (r.next() < 0.4) f.min = of(r.int(0, 8))
  if (r.next() < 0.4) f.max = of(r.int(4, 14))
  return f
}

function randomQuery(r: Rng): Query {
  for (;;) {
    const q: Record<string, unknown> = {}
    if (r.next() < 0.3) q.names = r.some(NAMES)
    if (r.next() < 0.15) q.ids = r.some(IDS)
    if (r.next() < 0.4) q.times = randomRange(r, (n) => BigInt(n))
    if (r.next() < 0.3) q.aggregateNames = r.some(AGG_NAMES)
    if (r.next() < 0.25) q.aggregateIds = r.some(AGG_IDS)
    if (r.next() < 0.35) q.aggregateVersions = randomRange(r, (n) => n)
    if (r.next() < 0.3)
      q.aggregates = Array.from({ length: r.int(1, 3) }, (): AggregateFilter => {
        const name = r.pick(AGG_NAMES)
        return r.next() < 0.5 ? { name } : { name, id: r.pick(AGG_IDS) }
      })
    try {
      return validateQuery(q)
    } catch {
      // contradictory draw: try again
    }
  }
}

function randomEvent(r: Rng): Event {
  const aggregate = r.next() < 0.2 ? undefined : { name: r.pick(AGG_NAMES), id: r.pick(AGG_IDS), version: r.int(1, 14) }
  return newEvent(r.pick(NAMES), null, { id: r.pick(IDS), time: BigInt(r.int(0, 14)), ...(aggregate && { aggregate }) })
}

// A query at most as restrictive as q: drops filters, adds values, widens bounds.
function loosen(r: Rng, q: Query): Query {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(q)) {
    if (r.next() < 0.3) continue
    if (Array.isArray(value) && key !== 'aggregates' && r.next() < 0.5) {
      const universe = { names: NAMES, ids: IDS, aggregateNames: AGG_NAMES, aggregateIds: AGG_IDS }[key]!
      out[key] = [...value, r.pick(universe)]
    } else if (key === 'aggregates' && r.next() < 0.5) {
      out[key] = (value as AggregateFilter[]).map((p) => ({ name: p.name }))
    } else if ((key === 'times' || key === 'aggregateVersions') && r.next() < 0.5) {
      const f = { ...(value as RangeFilter<number | bigint>) } as Record<string, unknown>
      if (r.next() < 0.5) delete f.min
      if (r.next() < 0.5) delete f.max
      if (r.next() < 0.5) delete f.exact
      out[key] = f
    } else out[key] = value
  }
  return out
}

describe('isSupersetOf', () => {
  const id = IDS[0]!
  it('is true in the obvious cases', () => {
    const b: Query = { names: ['a'], times: { min: 3n }, aggregates: [{ name: 'x', id }] }
    expect(isSupersetOf({}, b)).toBe(true)
    expect(isSupersetOf(b, b)).toBe(true)
    expect(isSupersetOf({ names: ['a'] }, b)).toBe(true)
    expect(isSupersetOf({ names: ['a', 'b'], times: { min: 1n } }, b)).toBe(true)
  })

  it('uses interval arithmetic for time and version filters', () => {
    expect(
      isSupersetOf(
        {
          times: {
            ranges: [
              [1n, 3n],
              [4n, 6n],
            ],
          },
        },
        { times: { min: 1n, max: 6n } },
      ),
    ).toBe(true)
    expect(
      isSupersetOf(
        {
          times: {
            ranges: [
              [1n, 3n],
              [5n, 6n],
            ],
          },
        },
        { times: { min: 1n, max: 6n } },
      ),
    ).toBe(false)
    expect(isSupersetOf({ aggregateVersions: { min: 2 } }, { aggregateVersions: { exact: [2, 9] } })).toBe(true)
    expect(isSupersetOf({ aggregateVersions: { min: 2 } }, { aggregateVersions: { exact: [1, 9] } })).toBe(false)
    expect(isSupersetOf({ times: { max: 10n } }, {})).toBe(false)
  })

  it('combines the aggregate filters of the narrower query', () => {
    const [x1, x2] = AGG_IDS as [string, string]
    expect(isSupersetOf({ aggregateNames: ['x'] }, { aggregates: [{ name: 'x', id: x1 }] })).toBe(true)
    expect(isSupersetOf({ aggregateIds: [x1] }, { aggregates: [{ name: 'x', id: x1 }] })).toBe(true)
    expect(isSupersetOf({ aggregates: [{ name: 'x' }] }, { aggregateNames: ['x'], aggregateIds: [x1, x2] })).toBe(true)
    expect(isSupersetOf({ aggregates: [{ name: 'x', id: x1 }] }, { aggregateNames: ['x'], aggregateIds: [x1] })).toBe(
      true,
    )
    expect(isSupersetOf({ aggregates: [{ name: 'x', id: x1 }] }, { aggregateNames: ['x'] })).toBe(false)
    expect(isSupersetOf({ aggregateNames: ['x'] }, { aggregateIds: [x1] })).toBe(false)
    // b requires an aggregate only through versions; a's version filter needs just that.
    expect(isSupersetOf({ aggregateVersions: { min: 0 } }, { aggregateVersions: { min: 3 } })).toBe(true)
    // Events without aggregate pass b, never a.
    expect(isSupersetOf({ aggregateVersions: { min: 0 } }, { names: ['a'] })).toBe(false)
    // b's aggregate filters contradict each other: b matches nothing.
    expect(isSupersetOf({ names: ['zzz'] }, { aggregateNames: ['y'], aggregates: [{ name: 'x' }] })).toBe(true)
  })

  it('ignores sorting', () => {
    expect(isSupersetOf({ sort: [{ by: 'time', dir: 'asc' }] }, { sort: [{ by: 'time', dir: 'desc' }] })).toBe(true)
  })

  it('is sound on random queries (seeded property test)', () => {
    const r = prng(SEED)
    const events = Array.from({ length: 400 }, () => randomEvent(r))
    let claimed = 0
    for (let round = 0; round < 1500; round++) {
      const b = randomQuery(r)
      // Half the time a is derived from b (often a superset), else independent.
      const a = r.next() < 0.5 ? loosen(r, b) : randomQuery(r)
      if (!isSupersetOf(a, b)) continue
      claimed++
      const inA = compileQuery(a)
      const inB = compileQuery(b)
      for (const e of events) {
        if (inB(e) && !inA(e)) {
          throw new Error(`unsound: ${JSON.stringify({ a, b }, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`)
        }
      }
    }
    expect(claimed).toBeGreaterThan(300)
  })

  it('is true for loosened queries, {} and merges (seeded)', () => {
    const r = prng(SEED + 1)
    for (let round = 0; round < 500; round++) {
      const b = randomQuery(r)
      expect(isSupersetOf({}, b)).toBe(true)
      expect(isSupersetOf(b, b)).toBe(true)
      const fewer = Object.fromEntries(Object.entries(b).filter(() => r.next() < 0.5)) as Query
      expect(isSupersetOf(fewer, b)).toBe(true)
      const other = randomQuery(r)
      const merged = mergeQueries(b, other)
      expect(isSupersetOf(merged, b)).toBe(true)
      expect(isSupersetOf(merged, other)).toBe(true)
    }
  })
})
