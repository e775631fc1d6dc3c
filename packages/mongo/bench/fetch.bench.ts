// Reading a 1,000-event aggregate (stored in batches of 10, among 4,000 events of four other
// aggregates of the same name) through MongoStore.query: sorted by version, every event's data
// read, the visibility rule applied, events built. One op = one event read; a round fetches the
// aggregate 5 times. Baselines, same server, same run:
//
// - mongo-fetch-1000: the raw driver's find().sort().toArray() of the SAME documents (our
//   collection), reading each data object: what the store adds over the driver.
// - mongo-fetch-1000-json: the raw driver's find().sort().toArray() of the same events stored
//   one document per event with their data as JSON text, and JSON.parse of each (the issue's
//   baseline). On FerretDB this also prices our storage format: the server converts every
//   scanned document from PostgreSQL jsonb field by field, and a data object costs it more
//   than one string (see the README, "Storage design").
// - mongo-fetch-1000-json-compact: as above, the store created with readableData: false (JSON
//   data kept as bytes, as the baseline keeps it as text).
import type { Query } from '@goes/core'
import { batches, scenario } from '@goes-internal/bench'
import { MongoStore } from '../src/index.js'
import { aggregateEvents, benchDb, RAW_INDEX, rawDoc } from './setup.js'

const HISTORY = 1000
const FETCHES = 5

const { db, drop } = await benchDb('goes_bench_fetch')
const target = aggregateEvents(HISTORY)
const others = Array.from({ length: 4 }, () => aggregateEvents(HISTORY)).flat()
const store = new MongoStore(db, { collection: 'ours' })
const compact = new MongoStore(db, { collection: 'compact', readableData: false })
const json = db.collection('json')
await json.createIndex(RAW_INDEX, { unique: true })
for (const batch of batches([...others.slice(0, 2000), ...target, ...others.slice(2000)], 10)) {
  await store.insert(batch)
  await compact.insert(batch)
  await json.insertMany(batch.map((e) => ({ ...rawDoc(e), data: JSON.stringify(e.data) })))
}
const { name, id } = target[0]!.aggregate!
const query: Query = { aggregates: [{ name, id }], sort: [{ by: 'aggregateVersion', dir: 'asc' }] }
const aggregateId = rawDoc(target[0]!).aggregateId

let total = 0
const expected = target.reduce((sum, e) => sum + e.data.n, 0) * FETCHES
const fetchWith = (s: MongoStore) => async (): Promise<void> => {
  for (let i = 0; i < FETCHES; i++) {
    for await (const e of s.query(query)) total += (e.data as { n: number }).n
  }
}
const ours = fetchWith(store)
const options = {
  ops: HISTORY * FETCHES,
  // Many short rounds, the best counts: the server's time varies a lot on a busy machine.
  rounds: 10,
  goal: 0.9,
  setup: () => {
    total = 0
  },
  teardown: () => {
    if (total !== expected) throw new Error(`read ${total}, expected ${expected}`)
  },
  extra: () => ({ history: HISTORY, documents: HISTORY * 5 }),
}

await scenario(
  'mongo-fetch-1000',
  ours,
  async () => {
    for (let i = 0; i < FETCHES; i++) {
      const docs = await store.collection
        .find({ aggregateName: name, aggregateId: aggregateId as never }, { useBigInt64: true })
        .sort({ aggregateVersion: 1 })
        .toArray()
      for (const d of docs) total += (d.data as { n: number }).n
    }
  },
  options,
)
const jsonBaseline = async (): Promise<void> => {
  for (let i = 0; i < FETCHES; i++) {
    const docs = await json.find({ aggregateName: name, aggregateId }).sort({ version: 1 }).toArray()
    for (const d of docs) total += (JSON.parse(d.data as string) as { n: number }).n
  }
}
await scenario('mongo-fetch-1000-json', ours, jsonBaseline, options)
// The same with the store keeping JSON data as bytes (readableData: false).
await scenario('mongo-fetch-1000-json-compact', fetchWith(compact), jsonBaseline, options)
await store.close()
await compact.close()
await drop()
