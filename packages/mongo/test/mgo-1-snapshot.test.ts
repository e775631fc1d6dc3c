import { runSnapshotStoreSuite } from '@goes/testing'
import { integration } from '@goes-internal/services/integration'
import { MongoSnapshotStore } from '../src/snapshot/index.js'
import { randomName, type TestDb, testDb } from './fixtures-m2/db.js'

const mongo = integration('mongo')

mongo.describe('MGO-1: MongoSnapshotStore passes the snapshot conformance suite on the server', () => {
  let t: TestDb
  beforeAll(async () => {
    t = await testDb(mongo.url, 'goes_m2_snap')
  })
  afterAll(async () => {
    await t?.drop()
  })

  runSnapshotStoreSuite(
    'MGO-1 snapshot store suite',
    () => new MongoSnapshotStore(t.db, { collection: randomName('s') }),
    {
      concurrency: 12,
      cleanup: (s) => (s as MongoSnapshotStore).collection.drop().then(() => undefined),
    },
  )
})
