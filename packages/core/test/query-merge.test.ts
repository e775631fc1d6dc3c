import { uuid } from '../src/index.js'
import { isSupersetOf, mergeQueries, type Query } from '../src/query/index.js'

const id = uuid()

describe('mergeQueries', () => {
  it('unions lists, widens bounds, concatenates ranges and sortings', () => {
    const a: Query = {
      names: ['a', 'b'],
      times: { min: 1n, max: 10n, ranges: [[1n, 2n]] },
      aggregateVersions: { exact: [1, 2] },
      aggregates: [{ name: 'x' }],
      sort: [{ by: 'time', dir: 'asc' }],
    }
    const b: Query = {
      names: ['b', 'c'],
      times: { min: 2n, max: 8n, ranges: [[4n, 9n]] },
      aggregateVersions: { exact: [2, 3] },
      aggregates: [{ name: 'x' }, { name: 'y', id }],
      sort: [
        { by: 'aggregateId', dir: 'desc' },
        { by: 'time', dir: 'desc' },
      ],
    }
    expect(mergeQueries(a, b)).toEqual({
      names: ['a', 'b', 'c'],
      times: {
        min: 1n,
        max: 10n,
        ranges: [
          [1n, 2n],
          [4n, 9n],
        ],
      },
      aggregateVersions: { exact: [1, 2, 3] },
      aggregates: [{ name: 'x' }, { name: 'y', id }],
      sort: [
        { by: 'time', dir: 'asc' },
        { by: 'aggregateId', dir: 'desc' },
      ],
    })
  })

  it('drops a filter or range part that one query lacks (it allows everything there)', () => {
    expect(mergeQueries({ names: ['a'], ids: [id] }, { names: ['b'] })).toEqual({ names: ['a', 'b'] })
    expect(mergeQueries({ times: { min: 1n, max: 5n } }, { times: { min: 3n } })).toEqual({ times: { min: 1n } })
    expect(mergeQueries({ times: { max: 5n } }, { times: { min: 3n } })).toEqual({})
  })

  it('handles zero and one query', () => {
    expect(mergeQueries()).toEqual({})
    expect(mergeQueries({ names: ['a', 'a'] })).toEqual({ names: ['a'] })
  })

  it('widens: the merge is a superset of every input', () => {
    const qs: Query[] = [
      { names: ['a'], aggregateVersions: { ranges: [[1, 3]], min: 2 } },
      { names: ['b'], aggregateVersions: { exact: [7], min: 1 }, aggregateNames: ['x'] },
      { names: ['c', 'a'], aggregateVersions: { min: 4, max: 9 } },
    ]
    const merged = mergeQueries(...qs)
    for (const q of qs) expect(isSupersetOf(merged, q)).toBe(true)
  })

  it('FND-5: rejects a malformed input', () => {
    expect(() => mergeQueries({ names: [] })).toThrow(expect.objectContaining({ code: 'INVALID_QUERY' }))
  })
})
