import { dateToNano, isGoesError, uuid } from '../src/index.js'
import { query } from '../src/query/index.js'

const id1 = uuid()
const id2 = uuid()

describe('query() builder', () => {
  it('builds an empty query', () => {
    expect(query().build()).toEqual({})
  })

  it('builds every filter as plain data', () => {
    const q = query()
      .names('a', 'b')
      .ids(id1)
      .time((t) => t.exact(15n).range(10n, 20n).min(1n).max(100n))
      .aggregateNames('agg')
      .aggregateIds(id2)
      .aggregateVersions((v) => v.exact(1, 6).range(5, 9).min(0).max(50))
      .aggregate('agg')
      .aggregate('other', id1)
      .sortBy('time')
      .sortBy('aggregateVersion', 'desc')
      .build()
    expect(q).toEqual({
      names: ['a', 'b'],
      ids: [id1],
      times: { exact: [15n], ranges: [[10n, 20n]], min: 1n, max: 100n },
      aggregateNames: ['agg'],
      aggregateIds: [id2],
      aggregateVersions: { exact: [1, 6], ranges: [[5, 9]], min: 0, max: 50 },
      aggregates: [{ name: 'agg' }, { name: 'other', id: id1 }],
      sort: [
        { by: 'time', dir: 'asc' },
        { by: 'aggregateVersion', dir: 'desc' },
      ],
    })
    expect(Object.getPrototypeOf(q)).toBe(Object.prototype)
  })

  it('accumulates repeated calls as a union', () => {
    const q = query()
      .names('a')
      .names('b', 'c')
      .ids(id1)
      .ids(id2)
      .aggregateNames('x')
      .aggregateNames('y')
      .aggregateIds(id1)
      .aggregateIds(id2)
      .time((t) => t.exact(5n).range(5n, 6n))
      .time((t) => t.exact(9n).range(8n, 9n).min(4n).min(3n).max(10n).max(12n))
      .aggregateVersions((v) => v.min(5).max(6))
      .aggregateVersions((v) => v.min(2).max(9))
      .build()
    expect(q.names).toEqual(['a', 'b', 'c'])
    expect(q.ids).toEqual([id1, id2])
    expect(q.aggregateNames).toEqual(['x', 'y'])
    expect(q.aggregateIds).toEqual([id1, id2])
    expect(q.times).toEqual({
      exact: [5n, 9n],
      ranges: [
        [5n, 6n],
        [8n, 9n],
      ],
      min: 3n,
      max: 12n,
    })
    expect(q.aggregateVersions).toEqual({ min: 2, max: 9 })
  })

  it('accepts Dates and makes before/after exclusive', () => {
    const d = new Date('2024-01-02T03:04:05.678Z')
    const n = dateToNano(d)
    expect(
      query()
        .time((t) => t.after(d))
        .build().times,
    ).toEqual({ min: n + 1n })
    expect(
      query()
        .time((t) => t.before(n))
        .build().times,
    ).toEqual({ max: n - 1n })
    expect(
      query()
        .time((t) => t.exact(d).range(d, n + 5n))
        .build().times,
    ).toEqual({ exact: [n], ranges: [[n, n + 5n]] })
  })

  it('returns fresh data on each build', () => {
    const b = query().names('a')
    const first = b.build()
    b.names('b')
    expect(first.names).toEqual(['a'])
    expect(b.build().names).toEqual(['a', 'b'])
  })

  it('FND-5: build() rejects malformed or contradictory input', () => {
    const bad = [
      () => query().names(), // an empty spread would otherwise silently match everything
      () => query().names(''),
      () => query().ids('nope'),
      () => query().aggregate('a', '00000000-0000-0000-0000-000000000000'),
      () => query().aggregateVersions((v) => v.min(-1)),
      () => query().aggregateVersions((v) => v.range(5, 1)),
      () => query().time((t) => t.after(10n).before(5n)),
      () => query().time((t) => t.exact(new Date(Number.NaN))),
      () => query().sortBy('time').sortBy('time', 'desc'),
    ]
    for (const make of bad) {
      let err: unknown
      try {
        make().build()
      } catch (e) {
        err = e
      }
      expect(isGoesError(err, 'INVALID_QUERY')).toBe(true)
    }
  })
})
