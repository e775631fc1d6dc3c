import { isGoesError, uuid } from '../src/index.js'
import { parseQuery, type Query, serializeQuery } from '../src/query/index.js'

const [A, B] = [uuid(), uuid()].sort() as [string, string]

describe('serializeQuery / parseQuery', () => {
  const full: Query = {
    sort: [
      { by: 'aggregateVersion', dir: 'desc' },
      { by: 'time', dir: 'asc' },
    ],
    aggregates: [{ name: 'y', id: B }, { name: 'x' }, { name: 'y', id: A }, { name: 'x' }],
    aggregateVersions: {
      max: 40,
      ranges: [
        [5, 9],
        [1, 3],
        [5, 9],
      ],
      exact: [3, 1, 3],
    },
    aggregateIds: [B, A],
    aggregateNames: ['y', 'x', 'y'],
    times: {
      exact: [10n, -5n, 1_700_000_000_123_456_789n],
      ranges: [
        [100n, 200n],
        [-10n, 0n],
      ],
      min: -20n,
      max: 9_007_199_254_740_993_000n,
    },
    ids: [B, A, B],
    names: ['b', 'a'],
  }

  it('round-trips every filter, bigints included', () => {
    const text = serializeQuery(full)
    expect(parseQuery(text)).toEqual({
      names: ['a', 'b'],
      ids: [A, B],
      times: {
        exact: [-5n, 10n, 1_700_000_000_123_456_789n],
        ranges: [
          [-10n, 0n],
          [100n, 200n],
        ],
        min: -20n,
        max: 9_007_199_254_740_993_000n,
      },
      aggregateNames: ['x', 'y'],
      aggregateIds: [A, B],
      aggregateVersions: {
        exact: [1, 3],
        ranges: [
          [1, 3],
          [5, 9],
        ],
        max: 40,
      },
      aggregates: [{ name: 'x' }, { name: 'y', id: A }, { name: 'y', id: B }],
      sort: full.sort,
    })
    expect(serializeQuery(parseQuery(text))).toBe(text)
  })

  it('is canonical: key order, list order and duplicates do not matter; sort order does', () => {
    const a = serializeQuery({ names: ['b', 'a'], times: { max: 5n, min: 1n } })
    const b = serializeQuery({ times: { min: 1n, max: 5n }, names: ['a', 'b', 'a'] })
    expect(a).toBe(b)
    expect(serializeQuery({ times: {} })).toBe(serializeQuery({}))
    expect(serializeQuery({ sort: [] })).toBe(serializeQuery({}))
    const s1 = serializeQuery({
      sort: [
        { by: 'time', dir: 'asc' },
        { by: 'aggregateId', dir: 'asc' },
      ],
    })
    const s2 = serializeQuery({
      sort: [
        { by: 'aggregateId', dir: 'asc' },
        { by: 'time', dir: 'asc' },
      ],
    })
    expect(s1).not.toBe(s2)
  })

  it('keeps names that look like encoded bigints as strings', () => {
    expect(parseQuery(serializeQuery({ names: ['123n'] }))).toEqual({ names: ['123n'] })
  })

  it('FND-5: parseQuery rejects bad text with INVALID_QUERY', () => {
    for (const text of ['{', 'null', '{"times":{"min":5}}', '{"names":[]}', '{"__proto__":{}}']) {
      let err: unknown
      try {
        parseQuery(text)
      } catch (e) {
        err = e
      }
      expect(isGoesError(err, 'INVALID_QUERY')).toBe(true)
    }
  })
})
