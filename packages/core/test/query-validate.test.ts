import { isGoesError, NIL_UUID, uuid } from '../src/index.js'
import { type Query, validateQuery } from '../src/query/index.js'

const id = uuid()

function rejection(q: unknown): Error & { code?: string; cause?: unknown } {
  try {
    validateQuery(q)
  } catch (err) {
    return err as Error & { code?: string }
  }
  throw new Error(`expected ${String(q)} to be rejected`)
}

describe('validateQuery', () => {
  it('returns valid queries unchanged', () => {
    const q: Query = {
      names: ['a.b'],
      ids: [id],
      times: { exact: [5n], ranges: [[1n, 9n]], min: 0n, max: 10n },
      aggregateNames: ['agg'],
      aggregateIds: [id],
      aggregateVersions: { exact: [0, 2], ranges: [[1, 4]], min: 0, max: 7 },
      aggregates: [{ name: 'agg' }, { name: 'agg', id }],
      sort: [
        { by: 'time', dir: 'asc' },
        { by: 'aggregateVersion', dir: 'desc' },
      ],
    }
    expect(validateQuery(q)).toBe(q)
    expect(validateQuery({})).toEqual({})
    expect(validateQuery({ names: undefined, sort: [] })).toEqual({ names: undefined, sort: [] })
  })

  // [case, query, field the message must name, words the message must contain]
  const cases: [string, unknown, string, string?][] = [
    ['not an object: null', null, 'query'],
    ['not an object: array', [], 'query'],
    ['not an object: string', 'names', 'query'],
    ['unknown key with a hint', { name: ['a'] }, '`name`', 'names'],
    ['unknown key, nearest suggested', { aggregateNmes: ['a'] }, '`aggregateNmes`', 'aggregateNames'],
    ['filter of the wrong type', { names: 'a' }, '`names`', 'array'],
    ['empty names', { names: [] }, '`names`', 'Omit the filter to match everything'],
    ['empty ids', { ids: [] }, '`ids`', 'matches nothing'],
    ['empty aggregateNames', { aggregateNames: [] }, '`aggregateNames`', 'matches nothing'],
    ['empty aggregateIds', { aggregateIds: [] }, '`aggregateIds`', 'matches nothing'],
    ['empty aggregates', { aggregates: [] }, '`aggregates`', 'matches nothing'],
    ['empty times.exact', { times: { exact: [] } }, '`times.exact`', 'matches nothing'],
    ['empty versions.ranges', { aggregateVersions: { ranges: [] } }, '`aggregateVersions.ranges`', 'skip the query'],
    ['invalid name', { names: ['ok', ''] }, '`names[1]`', 'empty'],
    ['name with white space', { aggregateNames: [' x'] }, '`aggregateNames[0]`'],
    ['id not a UUID', { ids: ['123'] }, '`ids[0]`', 'UUID'],
    ['nil id', { ids: [NIL_UUID] }, '`ids[0]`', 'nil UUID'],
    ['nil aggregate id', { aggregateIds: [id, NIL_UUID] }, '`aggregateIds[1]`', 'nil UUID'],
    ['nil aggregate pair id', { aggregates: [{ name: 'a', id: NIL_UUID }] }, '`aggregates[0].id`', 'nil UUID'],
    ['aggregate pair without name', { aggregates: [{ id }] }, '`aggregates[0].name`'],
    ['aggregate pair unknown key', { aggregates: [{ name: 'a', version: 1 }] }, '`aggregates[0].version`'],
    ['aggregate pair not an object', { aggregates: ['a'] }, '`aggregates[0]`'],
    ['time not a bigint', { times: { min: 5 } }, '`times.min`', 'bigint'],
    ['time Date', { times: { exact: [new Date()] } }, '`times.exact[0]`', 'dateToNano'],
    ['times not an object', { times: 5n }, '`times`'],
    ['times unknown key', { times: { before: 5n } }, '`times.before`', 'max'],
    ['version not an integer', { aggregateVersions: { exact: [1.5] } }, '`aggregateVersions.exact[0]`', 'integer'],
    ['negative version', { aggregateVersions: { min: -1 } }, '`aggregateVersions.min`', '≥ 0'],
    ['version as bigint', { aggregateVersions: { max: 3n } }, '`aggregateVersions.max`'],
    ['range not a pair', { times: { ranges: [[1n]] } }, '`times.ranges[0]`', '[from, to]'],
    ['range from > to', { times: { ranges: [[5n, 1n]] } }, '`times.ranges[0]`', 'from ≤ to'],
    ['version range from > to', { aggregateVersions: { ranges: [[3, 2]] } }, '`aggregateVersions.ranges[0]`'],
    ['min > max', { aggregateVersions: { min: 5, max: 4 } }, '`aggregateVersions`', 'min'],
    ['exact all outside min/max', { times: { exact: [1n, 20n], min: 5n, max: 10n } }, '`times`', 'every exact value'],
    [
      'no range intersects min/max',
      {
        aggregateVersions: {
          ranges: [
            [1, 2],
            [9, 12],
          ],
          min: 3,
          max: 8,
        },
      },
      '`aggregateVersions`',
      'no range intersects',
    ],
    ['exact outside every range', { times: { exact: [3n], ranges: [[5n, 9n]] } }, '`times`', 'matches nothing'],
    ['sort not an array', { sort: { by: 'time', dir: 'asc' } }, '`sort`'],
    ['sort unknown field', { sort: [{ by: 'name', dir: 'asc' }] }, '`sort[0].by`', 'aggregateName'],
    ['sort unknown direction', { sort: [{ by: 'time', dir: 'up' }] }, '`sort[0].dir`', "'asc'"],
    ['sort missing direction', { sort: [{ by: 'time' }] }, '`sort[0].dir`'],
    ['sort unknown key', { sort: [{ by: 'time', dir: 'asc', nulls: 'first' }] }, '`sort[0].nulls`'],
    [
      'sort same field twice',
      {
        sort: [
          { by: 'time', dir: 'asc' },
          { by: 'aggregateId', dir: 'asc' },
          { by: 'time', dir: 'desc' },
        ],
      },
      '`sort[2]`',
      'time',
    ],
  ]

  const rows = cases.map(([what, q, field, words]) => ({ what, q, field, words }))
  it.each(rows)('FND-5: rejects $what with INVALID_QUERY naming the field', ({ q, field, words }) => {
    const err = rejection(q)
    expect(isGoesError(err, 'INVALID_QUERY')).toBe(true)
    expect(err.message.toLowerCase()).toContain(field.toLowerCase())
    if (words !== undefined) expect(err.message).toContain(words)
  })

  it('FND-5: keeps the name/UUID error as cause', () => {
    const err = rejection({ ids: [NIL_UUID] })
    expect(isGoesError(err.cause, 'NIL_UUID')).toBe(true)
    const err2 = rejection({ names: [''] })
    expect(isGoesError(err2.cause, 'INVALID_NAME')).toBe(true)
  })

  it('accepts touching but non-empty combinations', () => {
    expect(() => validateQuery({ times: { exact: [1n, 5n], min: 5n, max: 10n } })).not.toThrow()
    expect(() => validateQuery({ aggregateVersions: { ranges: [[1, 3]], min: 3, max: 8 } })).not.toThrow()
    expect(() => validateQuery({ aggregateVersions: { min: 3, max: 3 } })).not.toThrow()
  })
})
