// mongo-append-batch10: appending events in batches of 10 (one aggregate per batch) through
// MongoStore.insert — validation, documents with batch markers, one ordered insertMany.
// Baseline: the raw driver's insertMany of one document per event (the same events, data as an
// object) into a collection with the same kind of unique (aggregate, version) index.
// One op = one event. Every round starts from empty collections.
import { batches, scenario } from '@goes-internal/bench'
import { MongoStore } from '../src/index.js'
import { aggregateEvents, benchDb, RAW_INDEX, rawDoc } from './setup.js'

const BATCH = 10
const EVENTS = 1000

const { db, drop } = await benchDb('goes_bench_append')
const events = Array.from({ length: EVENTS / 50 }, () => aggregateEvents(50)).flat()
const eventBatches = batches(events, BATCH)
const ours = db.collection('ours')
const raw = db.collection('raw')
let store = new MongoStore(db, { collection: 'ours' })

await scenario(
  'mongo-append-batch10',
  async () => {
    for (const batch of eventBatches) await store.insert(batch)
  },
  async () => {
    for (const batch of eventBatches) await raw.insertMany(batch.map(rawDoc), { ordered: true })
  },
  {
    ops: EVENTS,
    rounds: 5,
    goal: 0.9,
    setup: async () => {
      await Promise.all([ours.deleteMany({}), raw.deleteMany({})])
      await raw.createIndex(RAW_INDEX, { unique: true })
      store = new MongoStore(db, { collection: 'ours' })
      await store.ready()
    },
    teardown: async () => {
      const [o, r] = await Promise.all([ours.countDocuments(), raw.countDocuments()])
      if ((o !== 0 && o !== EVENTS) || (r !== 0 && r !== EVENTS)) throw new Error(`stored ${o} / ${r} of ${EVENTS}`)
    },
    extra: () => ({ batch: BATCH }),
  },
)
await drop()
