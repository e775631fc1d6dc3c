import { runEventStoreSuite } from '@goes/testing'
import { integration } from '@goes-internal/services/integration'
import { MongoStore } from '../src/index.js'
import { type ScratchDb, scratchDb, uniqueName } from './support/db.js'

const mongo = integration('mongo')

// Scale knobs lowered to what FerretDB (which filters most queries in Go after a full scan)
// does in reasonable time; the defaults suit an in-process store. See the README.
export const SUITE_SCALE = {
  queryEvents: 300,
  randomQueries: 100,
  concurrency: 16,
  streamEvents: 50_000,
  insertBatch: 1_000,
}

mongo.describe('MGO-1: MongoStore passes the event store conformance suite on the server', () => {
  let t: ScratchDb
  beforeAll(async () => {
    t = await scratchDb(mongo.url, 'goes_m1_suite')
  })
  afterAll(async () => {
    await t?.drop()
  })

  runEventStoreSuite('MGO-1 event store suite', () => new MongoStore(t.db, { collection: uniqueName('events') }), {
    ...SUITE_SCALE,
    cleanup: async (s) => {
      const store = s as MongoStore
      await store.collection.drop().catch(() => undefined)
      await store.close()
    },
  })
})
