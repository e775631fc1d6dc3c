// aggregate-fetch-1000: fetching an aggregate with a 1,000-event history from a MemoryStore
// through the Repository — query by aggregate, history validation, one applier call per event.
// The store also holds nine other aggregates of 1,000 events, so the fetch has to find its
// events. One op = one event applied; a round fetches the aggregate 100 times.
// Baseline: what one writes without the Repository and Aggregate — the same store query (the
// aggregate's events by version), folded in a raw loop into a plain object with a switch on
// the event name. The ratio is the price of the repository layer: history validation, the
// aggregate's appliers and version bookkeeping.
import { batches, measure, scenario } from '@goes-internal/bench'
import { Aggregate, type Event, MemoryStore, type Query, Repository } from '../src/index.js'
import { makeEvents } from './events.js'

const HISTORY = 1000
const FETCHES = 100

type ItemData = { n: number; title: string }
type ListEvents = { 'bench.item_added': ItemData; 'bench.item_renamed': ItemData; 'bench.item_removed': ItemData }

class BenchList extends Aggregate<ListEvents> {
  count = 0
  total = 0
  lastTitle = ''
  constructor(id: string) {
    super('bench.list', id)
    this.on('bench.item_added', (e) => {
      this.count++
      this.total += e.data.n
    })
    this.on('bench.item_renamed', (e) => {
      this.lastTitle = e.data.title
    })
    this.on('bench.item_removed', (e) => {
      this.count--
      this.total -= e.data.n
    })
  }
}

/** What the baseline applies to: the same state, as a plain object. */
interface PlainList {
  version: number
  count: number
  total: number
  lastTitle: string
}

const all = makeEvents(HISTORY * 10, HISTORY)
// The fetched aggregate sits in the middle of the store.
const history = all.slice(HISTORY * 5, HISTORY * 6)
const id = history[0]?.aggregate?.id as string
const store = new MemoryStore()
for (const batch of batches(all, 1000)) await store.insert(batch)
const repo = new Repository(store)

const query: Query = {
  aggregates: [{ name: 'bench.list', id }],
  aggregateVersions: { min: 1 },
  sort: [{ by: 'aggregateVersion', dir: 'asc' }],
}

function applyPlain(list: PlainList, event: Event): void {
  const e = event as Event<string, ItemData>
  switch (e.name) {
    case 'bench.item_added':
      list.count++
      list.total += e.data.n
      break
    case 'bench.item_renamed':
      list.lastTitle = e.data.title
      break
    case 'bench.item_removed':
      list.count--
      list.total -= e.data.n
      break
  }
  list.version = e.aggregate?.version ?? list.version
}

let fetched: { version: number; total: number } | undefined
const expected = (() => {
  const list: PlainList = { version: 0, count: 0, total: 0, lastTitle: '' }
  for (const e of history) applyPlain(list, e)
  return list
})()

await scenario(
  'aggregate-fetch-1000',
  async () => {
    let list: BenchList | undefined
    for (let i = 0; i < FETCHES; i++) list = await repo.fetch(new BenchList(id))
    fetched = list && { version: list.aggregateVersion, total: list.total }
  },
  async () => {
    let list: PlainList | undefined
    for (let i = 0; i < FETCHES; i++) {
      list = { version: 0, count: 0, total: 0, lastTitle: '' }
      for await (const e of store.query(query)) applyPlain(list, e)
    }
    fetched = list
  },
  {
    ops: HISTORY * FETCHES,
    rounds: 10,
    goal: 0.8,
    setup: () => {
      fetched = undefined
    },
    // Both sides must end in the same state: every event applied, in order.
    teardown: () => {
      if (fetched?.version !== HISTORY || fetched.total !== expected.total) {
        throw new Error(`aggregate-fetch-1000: ended at ${JSON.stringify(fetched)}, expected version ${HISTORY}.`)
      }
    },
    // Side figure: the raw loop over the events already in an array, without any store — what
    // the fold alone costs (events/s).
    extra: async () => ({
      history: HISTORY,
      storeEvents: all.length,
      arrayLoop: Math.round(
        await measure(
          () => {
            const list: PlainList = { version: 0, count: 0, total: 0, lastTitle: '' }
            for (let i = 0; i < FETCHES; i++)
              for (let j = 0; j < history.length; j++) applyPlain(list, history[j] as Event)
            fetched = list
          },
          { ops: HISTORY * FETCHES, rounds: 5 },
        ),
      ),
    }),
  },
)
