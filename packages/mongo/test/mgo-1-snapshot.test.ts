import { runSnapshotStoreSuite } from '@goes/testing'
import { integration } from '@goes-internal/services/integration'
import { MongoSnapshotStore } from '../src/snapshot/index.js'
import { type ScratchDb, scratchDb, uniqueName } from './support/db.js'

const mongo = integration('mongo')

mongo.describe('MGO-1: MongoSnapshotStore passes the snapshot conformance suite on the server', () => {
  let t: ScratchDb
  beforeAll(async () => {
    t = await scratchDb(mongo.url, 'goes_m2_snap')
  })
  afterAll(async () => {
    await t?.drop()
  })

  runSnapshotStoreSuite(
    'MGO-1 snapshot store suite',
    () => new MongoSnapshotStore(t.db, { collection: uniqueName('s') }),
    {
      cleanup: (s) => (s as MongoSnapshotStore).collection.drop().then(() => undefined),
    },
  )
})
