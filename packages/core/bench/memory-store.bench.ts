// memory-store-insert-query: insert 100k events into a MemoryStore in batches of 100, then
// query all of them back (draining the async iterable). One op = one event inserted AND
// queried back, so ops/s = 100k / (insert time + query time).
// Baseline: the plain JavaScript equivalent — push the same batches onto an array, then
// array.filter over all of them with the same name predicate as the query.
import { batches, expectCount, scenario } from '@goes-internal/bench'
import { type Event, MemoryStore, type Query } from '../src/index.js'
import { makeEvents, NAMES } from './events.js'

const COUNT = 100_000
const events = makeEvents(COUNT)
const inBatches = batches(events, 100)
// A query that matches every event, so the store's matcher does real work on each one.
const query: Query = { names: [...NAMES] }
const names: ReadonlySet<string> = new Set(NAMES)

let store = new MemoryStore()
let array: Event[] = []
let handled = 0

await scenario(
  'memory-store-insert-query',
  async () => {
    for (const batch of inBatches) await store.insert(batch)
    let n = 0
    for await (const _ of store.query(query)) n++
    handled = n
  },
  () => {
    for (const batch of inBatches) array.push(...batch)
    handled = array.filter((e) => names.has(e.name)).length
  },
  {
    ops: COUNT,
    rounds: 10,
    goal: 0.3,
    setup: () => {
      store = new MemoryStore()
      array = []
      handled = 0
    },
    teardown: () => expectCount('memory-store-insert-query', handled, COUNT),
    extra: () => ({ batch: 100 }),
  },
)
