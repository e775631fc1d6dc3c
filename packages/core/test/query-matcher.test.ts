import { type Event, newEvent, uuid } from '../src/index.js'
import { compileQuery, matchesQuery, type Query } from '../src/query/index.js'

const L1 = uuid()
const L2 = uuid()
const added1 = newEvent('todo.added', {}, { time: 100n, aggregate: { name: 'todo.list', id: L1, version: 1 } })
const added2 = newEvent('todo.added', {}, { time: 200n, aggregate: { name: 'todo.list', id: L2, version: 1 } })
const removed1 = newEvent('todo.removed', {}, { time: 300n, aggregate: { name: 'todo.list', id: L1, version: 2 } })
const user = newEvent('user.registered', {}, { time: 400n, aggregate: { name: 'user', id: L1, version: 7 } })
const loose = newEvent('system.tick', {}, { time: 500n })
const all = [added1, added2, removed1, user, loose]
const label = new Map<Event, string>([
  [added1, 'added1'],
  [added2, 'added2'],
  [removed1, 'removed1'],
  [user, 'user'],
  [loose, 'loose'],
])

const manyNames = Array.from({ length: 20 }, (_, i) => `n${i}`)

// [case, query, labels of the events expected to match]
const table: [string, Query, string[]][] = [
  ['empty query', {}, ['added1', 'added2', 'removed1', 'user', 'loose']],
  ['names OR', { names: ['todo.added', 'system.tick'] }, ['added1', 'added2', 'loose']],
  ['many names (Set path)', { names: [...manyNames, 'todo.removed'] }, ['removed1']],
  ['ids', { ids: [added2.id, loose.id] }, ['added2', 'loose']],
  ['times exact', { times: { exact: [200n, 500n] } }, ['added2', 'loose']],
  ['times min inclusive', { times: { min: 300n } }, ['removed1', 'user', 'loose']],
  ['times max inclusive', { times: { max: 200n } }, ['added1', 'added2']],
  [
    'times ranges OR, inclusive',
    {
      times: {
        ranges: [
          [100n, 100n],
          [350n, 500n],
        ],
      },
    },
    ['added1', 'user', 'loose'],
  ],
  [
    'times parts AND',
    { times: { ranges: [[0n, 1000n]], exact: [100n, 300n, 400n], max: 300n } },
    ['added1', 'removed1'],
  ],
  ['aggregateNames', { aggregateNames: ['user'] }, ['user']],
  ['aggregateIds', { aggregateIds: [L1] }, ['added1', 'removed1', 'user']],
  ['aggregateVersions exact', { aggregateVersions: { exact: [2, 7] } }, ['removed1', 'user']],
  ['aggregateVersions min', { aggregateVersions: { min: 0 } }, ['added1', 'added2', 'removed1', 'user']],
  [
    'aggregateVersions ranges',
    {
      aggregateVersions: {
        ranges: [
          [2, 3],
          [6, 9],
        ],
      },
    },
    ['removed1', 'user'],
  ],
  ['aggregate pair name only', { aggregates: [{ name: 'todo.list' }] }, ['added1', 'added2', 'removed1']],
  ['aggregate pair with id', { aggregates: [{ name: 'todo.list', id: L1 }] }, ['added1', 'removed1']],
  [
    'aggregate pairs OR',
    {
      aggregates: [
        { name: 'todo.list', id: L2 },
        { name: 'user', id: L1 },
      ],
    },
    ['added2', 'user'],
  ],
  ['aggregate pair id of other name', { aggregates: [{ name: 'user', id: L2 }] }, []],
  ['filters AND', { names: ['todo.added'], aggregateIds: [L1] }, ['added1']],
  [
    'three filters AND',
    { names: ['todo.added', 'todo.removed'], aggregateIds: [L1], times: { min: 150n } },
    ['removed1'],
  ],
  [
    'all filters AND',
    {
      names: ['todo.removed'],
      ids: [removed1.id],
      times: { min: 300n },
      aggregateNames: ['todo.list'],
      aggregateIds: [L1],
      aggregateVersions: { exact: [2] },
      aggregates: [{ name: 'todo.list' }],
      sort: [{ by: 'time', dir: 'desc' }],
    },
    ['removed1'],
  ],
]

describe('compileQuery / matchesQuery', () => {
  it.each(table)('matches %s', (_, q, expected) => {
    const match = compileQuery(q)
    expect(all.filter(match).map((e) => label.get(e))).toEqual(expected)
    expect(all.filter((e) => matchesQuery(q, e)).map((e) => label.get(e))).toEqual(expected)
  })

  it('matches everything without a query', () => {
    expect(all.every(compileQuery())).toBe(true)
  })

  it('an event without aggregate never matches an aggregate filter', () => {
    for (const q of [
      { aggregateNames: ['todo.list'] },
      { aggregateIds: [L1] },
      { aggregateVersions: { min: 0 } },
      { aggregates: [{ name: 'todo.list' }] },
    ] satisfies Query[]) {
      expect(matchesQuery(q, loose)).toBe(false)
    }
  })

  it('FND-5: rejects a malformed query when compiling', () => {
    expect(() => compileQuery({ names: [] })).toThrow(expect.objectContaining({ code: 'INVALID_QUERY' }))
  })
})
