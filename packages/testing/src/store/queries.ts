import { type Query, type SortField, type Sorting, uuid, validateQuery } from '@goes/core'
import { QUERY_FILTER_KEYS } from '@goes/core/backend'
import type { Dataset } from './dataset.js'

/** A query with what its result must look like on the generated data. @internal */
export interface Probe {
  readonly label: string
  /** The query; undefined for a query without argument. */
  readonly q: Query | undefined
  /** 'some': the result must be non-empty and smaller than the data set (a filter that does something). */
  readonly expect?: 'some' | 'none' | 'any'
}

const SORT_FIELDS: readonly SortField[] = ['time', 'aggregateName', 'aggregateId', 'aggregateVersion']

/** The groups of {@link filterProbes}, one conformance case each: every filter of a query, then them combined. @internal */
export const FILTER_GROUPS = [...QUERY_FILTER_KEYS, 'combined'] as const

/** The groups of {@link sortProbes}, one conformance case each. @internal */
export const SORT_GROUPS = ['time', 'aggregateName', 'aggregateId', 'aggregateVersion', 'multi', 'filtered'] as const

/** Filter queries, each filter alone and in combinations, with values taken from the data. @internal */
export function filterProbes(ds: Dataset): Record<(typeof FILTER_GROUPS)[number], Probe[]> {
  const t = ds.times
  const mid = Math.floor(t.length / 2)
  const q1 = Math.floor(t.length / 4)
  const q3 = Math.floor((3 * t.length) / 4)
  const ids = ds.events.map((e) => e.id)
  const [n0, n1, , n3] = ds.names as [string, string, string, string]
  const [a0, a1, a2] = ds.aggregateNames as [string, string, string]
  const agg = (name: string, k: number) => ds.aggregates.filter((a) => a.name === name)[k]!
  return {
    names: [
      { label: 'one name', q: { names: [n0] } },
      { label: 'two names', q: { names: [n1, n3] } },
      { label: 'an unknown name', q: { names: ['test.none'] }, expect: 'none' },
    ],
    ids: [
      { label: 'one id', q: { ids: [ids[0]!] } },
      { label: 'ten ids', q: { ids: ids.slice(10, 20) } },
      { label: 'a known and an unknown id', q: { ids: [ids[5]!, uuid()] } },
      { label: 'an unknown id', q: { ids: [uuid()] }, expect: 'none' },
    ],
    times: [
      { label: 'one exact time', q: { times: { exact: [t[3]!] } } },
      { label: 'three exact times', q: { times: { exact: [t[0]!, t[mid]!, t.at(-1)!] } } },
      { label: 'an exact time 1 ns off every event', q: { times: { exact: [t[0]! - 1n] } }, expect: 'none' },
      { label: 'one range', q: { times: { ranges: [[t[5]!, t[20]!]] } } },
      {
        label: 'two ranges',
        q: {
          times: {
            ranges: [
              [t[0]!, t[3]!],
              [t[mid]!, t[mid + 4]!],
            ],
          },
        },
      },
      { label: 'a one-point range (inclusive)', q: { times: { ranges: [[t[q1]!, t[q1]!]] } } },
      { label: 'min', q: { times: { min: t[mid]! } } },
      { label: 'max', q: { times: { max: t[mid]! } } },
      { label: 'min and max', q: { times: { min: t[q1]!, max: t[q3]! } } },
      { label: 'min = max (inclusive)', q: { times: { min: t[q3]!, max: t[q3]! } } },
      { label: 'exact with min', q: { times: { exact: [t[q1 + 1]!, t[0]!], min: t[q1]! } } },
      { label: 'ranges with max', q: { times: { ranges: [[t[0]!, t[mid]!]], max: t[q1]! } } },
    ],
    aggregateNames: [
      { label: 'one aggregate name', q: { aggregateNames: [a0] } },
      { label: 'two aggregate names', q: { aggregateNames: [a1, a2] } },
      { label: 'an unknown aggregate name', q: { aggregateNames: ['agg.none'] }, expect: 'none' },
    ],
    aggregateIds: [
      { label: 'one aggregate id', q: { aggregateIds: [agg(a0, 0).id] } },
      { label: 'two aggregate ids', q: { aggregateIds: [agg(a1, 1).id, agg(a2, 3).id] } },
      { label: 'an unknown aggregate id', q: { aggregateIds: [uuid()] }, expect: 'none' },
    ],
    aggregateVersions: [
      { label: 'exact 1', q: { aggregateVersions: { exact: [1] } } },
      { label: 'exact 2 and 4', q: { aggregateVersions: { exact: [2, 4] } } },
      { label: 'one range', q: { aggregateVersions: { ranges: [[2, 3]] } } },
      {
        label: 'two ranges',
        q: {
          aggregateVersions: {
            ranges: [
              [1, 1],
              [4, 6],
            ],
          },
        },
      },
      { label: 'min', q: { aggregateVersions: { min: 3 } } },
      { label: 'max', q: { aggregateVersions: { max: 2 } } },
      { label: 'min and max', q: { aggregateVersions: { min: 2, max: 4 } } },
      { label: 'min = max (inclusive)', q: { aggregateVersions: { min: 1, max: 1 } } },
      { label: 'beyond every version', q: { aggregateVersions: { min: 1_000_000 } }, expect: 'none' },
    ],
    aggregates: [
      { label: 'a name without id', q: { aggregates: [{ name: a0 }] } },
      { label: 'a name with id', q: { aggregates: [{ name: a1, id: agg(a1, 2).id }] } },
      { label: 'a pair and a name', q: { aggregates: [{ name: a0, id: agg(a0, 1).id }, { name: a2 }] } },
      { label: 'an id under the wrong name', q: { aggregates: [{ name: a0, id: agg(a1, 0).id }] }, expect: 'none' },
    ],
    combined: [
      { label: 'names + aggregateNames', q: { names: [n0, n1], aggregateNames: [a0, a2] } },
      { label: 'names + times.min', q: { names: [n3], times: { min: t[q1]! } } },
      {
        label: 'aggregateIds + aggregateVersions.min',
        q: { aggregateIds: [agg(a0, 0).id, agg(a1, 0).id], aggregateVersions: { min: 2 } },
      },
      {
        label: 'aggregates + names + times.ranges + aggregateVersions.max',
        q: {
          aggregates: [{ name: a0 }, { name: a1 }],
          names: [n0, n1, n3],
          times: { ranges: [[t[0]!, t[q3]!]] },
          aggregateVersions: { max: 5 },
        },
      },
      { label: 'ids + names', q: { ids: ids.slice(0, 60), names: [n0, n1] } },
      { label: 'every filter', q: everyFilter(ds) },
    ],
  }
}

function everyFilter(ds: Dataset): Query {
  const e = ds.events.find((x) => x.aggregate !== undefined)!
  const a = e.aggregate!
  return {
    names: [e.name, 'test.none'],
    ids: [e.id, ...ds.events.slice(0, 30).map((x) => x.id)],
    times: { min: e.timeNano, max: e.timeNano },
    aggregateNames: [a.name],
    aggregateIds: [a.id],
    aggregateVersions: { exact: [a.version] },
    aggregates: [{ name: a.name, id: a.id }],
  }
}

const s = (by: SortField, dir: 'asc' | 'desc' = 'asc'): Sorting => ({ by, dir })

/** Sort queries: every field and direction alone, multi-key sorts, and sorts with filters. @internal */
export function sortProbes(ds: Dataset): Record<(typeof SORT_GROUPS)[number], Probe[]> {
  const single = (by: SortField): Probe[] =>
    (['asc', 'desc'] as const).map((dir) => ({ label: `${by} ${dir}`, q: { sort: [s(by, dir)] }, expect: 'any' }))
  const [n0, n1] = ds.names as [string, string]
  const a0 = ds.aggregates[0]!
  return {
    time: single('time'),
    aggregateName: single('aggregateName'),
    aggregateId: single('aggregateId'),
    aggregateVersion: single('aggregateVersion'),
    multi: [
      [s('aggregateName'), s('aggregateId'), s('aggregateVersion')],
      [s('aggregateName', 'desc'), s('aggregateVersion', 'desc')],
      [s('aggregateId'), s('time', 'desc')],
      [s('time'), s('aggregateName', 'desc')],
      [s('aggregateVersion'), s('time')],
      [s('time', 'desc'), s('aggregateId'), s('aggregateVersion', 'desc'), s('aggregateName')],
    ].map((sort) => ({ label: sort.map((x) => `${x.by} ${x.dir}`).join(', '), q: { sort }, expect: 'any' as const })),
    filtered: [
      { label: 'names, time desc', q: { names: [n0, n1], sort: [s('time', 'desc')] } },
      {
        label: 'an aggregate name, replay order',
        q: { aggregateNames: [a0.name], sort: [s('aggregateId'), s('aggregateVersion')] },
      },
      {
        label: 'one aggregate, version asc',
        q: { aggregates: [{ name: a0.name, id: a0.id }], sort: [s('aggregateVersion')] },
      },
      {
        label: 'times.min, aggregate name then time',
        q: { times: { min: ds.times[5]! }, sort: [s('aggregateName'), s('time')] },
      },
    ],
  }
}

/**
 * A random valid query over the data set: each filter present with probability 0.3, values
 * mostly drawn from the data (now and then an unknown one), a sort of 0–4 distinct keys.
 * Draws until core's validateQuery accepts the query (range parts may contradict).
 *
 * @internal
 */
export function randomQuery(ds: Dataset): Query {
  const r = ds.rng
  for (;;) {
    const q: Record<string, unknown> = {}
    if (r.chance(0.3)) q.names = withUnknown(r.sample(ds.names, 1 + r.int(3)), 'test.none')
    if (r.chance(0.3))
      q.ids = withUnknown(
        r.sample(ds.events, 1 + r.int(40)).map((e) => e.id),
        uuid(),
      )
    if (r.chance(0.3)) q.times = randomRange(ds.times)
    if (r.chance(0.3)) q.aggregateNames = withUnknown(r.sample(ds.aggregateNames, 1 + r.int(2)), 'agg.none')
    if (r.chance(0.3))
      q.aggregateIds = withUnknown(
        r.sample(ds.aggregates, 1 + r.int(4)).map((a) => a.id),
        uuid(),
      )
    if (r.chance(0.3)) q.aggregateVersions = randomRange(ds.versions)
    if (r.chance(0.3)) {
      q.aggregates = r
        .sample(ds.aggregates, 1 + r.int(3))
        .map((a) => (r.chance(0.5) ? { name: a.name } : { name: a.name, id: a.id }))
    }
    if (r.chance(0.7)) q.sort = r.sample(SORT_FIELDS, 1 + r.int(4)).map((by) => s(by, r.chance(0.5) ? 'asc' : 'desc'))
    try {
      return validateQuery(q)
    } catch {
      // Contradictory range parts: draw again.
    }
  }

  function withUnknown<T>(list: T[], unknown: T): T[] {
    return r.chance(0.1) ? [...list, unknown] : list
  }

  function randomRange<T extends number | bigint>(values: readonly T[]) {
    const pickSorted = (): [T, T] => {
      const a = r.pick(values)
      const b = r.pick(values)
      return a <= b ? [a, b] : [b, a]
    }
    const f: { exact?: T[]; ranges?: [T, T][]; min?: T; max?: T } = {}
    const shape = r.int(6)
    if (shape === 0 || r.chance(0.15)) f.exact = r.sample(values, 1 + r.int(4))
    if (shape === 1 || r.chance(0.15)) f.ranges = Array.from({ length: 1 + r.int(2) }, pickSorted)
    const [lo, hi] = pickSorted()
    if (shape === 2 || shape === 4) f.min = lo
    if (shape === 3 || shape === 4) f.max = hi
    if (shape === 5) {
      f.min = lo
      f.ranges = [pickSorted()]
    }
    return f
  }
}

/** Malformed queries, each of which core's validateQuery rejects with INVALID_QUERY. @internal */
export const MALFORMED_QUERIES: readonly [string, unknown][] = [
  ['names is a string, not a list', { names: 'test.alpha' }],
  ['names is an empty list', { names: [] }],
  ['a name is empty', { names: [''] }],
  ['an id is not a UUID', { ids: ['not-a-uuid'] }],
  ['times.min is a number, not a bigint', { times: { min: 5 } }],
  ['aggregateVersions.min > max', { aggregateVersions: { min: 5, max: 2 } }],
  ['a time range is inverted', { times: { ranges: [[10n, 1n]] } }],
  ['sort by an unknown field', { sort: [{ by: 'nope', dir: 'asc' }] }],
  ['sort in an unknown direction', { sort: [{ by: 'time', dir: 'up' }] }],
  ['an unknown key', { nmes: ['test.alpha'] }],
]
