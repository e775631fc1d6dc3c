import { uuid } from '@goes/core'
import { integration } from '@goes-internal/services/integration'
import { MongoClient } from 'mongodb'
import { MongoModelRepository } from '../src/model/index.js'
import { type ScratchDb, scratchDb, uniqueName } from './support/db.js'

const mongo = integration('mongo')

mongo.describe('MGO-7', () => {
  let t: ScratchDb
  let other: MongoClient
  beforeAll(async () => {
    t = await scratchDb(mongo.url, 'goes_m2_mgo7')
    other = await MongoClient.connect(mongo.url)
  })
  afterAll(async () => {
    await other?.close()
    await t?.drop()
  })

  it('MGO-7: two use() calls race on one model 50 times (two clients): no update is lost', async () => {
    type Counter = { count: number }
    const collection = uniqueName('counters')
    const factory = () => ({ count: 0 })
    // Two repositories on two connections, as two processes would have.
    const a = new MongoModelRepository<Counter>(t.db, { collection, factory, attempts: 50 })
    const b = new MongoModelRepository<Counter>(other.db(t.db.databaseName), { collection, factory, attempts: 50 })
    const id = uuid()
    let calls = 0
    // Both read, then wait a moment before saving, so they really race for the same version.
    const increment = async (m: Counter) => {
      calls++
      await new Promise((r) => setTimeout(r, 2))
      m.count++
    }
    for (let round = 0; round < 50; round++) {
      await Promise.all([a.use(id, increment), b.use(id, increment)])
    }
    const retries = calls - 100
    console.log(`MGO-7: 100 increments in 50 racing rounds, ${retries} retries after lost races`)
    expect((await a.fetch(id)).count).toBe(100)
    expect(retries).toBeGreaterThan(0) // the rounds did race
    expect(await a.collection.countDocuments({ m: id })).toBeLessThanOrEqual(2)
  })
})
