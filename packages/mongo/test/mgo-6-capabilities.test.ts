import { newEvent, uuid } from '@goes/core'
import { integration } from '@goes-internal/services/integration'
import { capabilities, MongoStore } from '../src/index.js'
import { type ScratchDb, scratchDb, uniqueName } from './support/db.js'

const mongo = integration('mongo')

mongo.describe('MGO-6: MongoDB-only features are detected by asking the server', () => {
  let t: ScratchDb
  beforeAll(async () => {
    t = await scratchDb(mongo.url, 'goes_m1_caps')
  })
  afterAll(async () => {
    await t?.drop()
  })

  it('MGO-6: the store asks the server for transactions and change streams and uses the fallback it lacks; the test says which path ran', async () => {
    const caps = await capabilities(t.db)
    console.log(`MGO-6: the server answered:\n  ${caps.notes.join('\n  ')}`)
    expect(await capabilities(t.db)).toBe(caps) // asked once per Db

    const store = new MongoStore(t.db, { collection: uniqueName('events') })
    const status = await store.ready()
    expect(status.server).toBe(caps)
    const aggregate = { name: 'mgo6.agg', id: uuid() }
    const batch = [1, 2, 3].map((version) => newEvent('mgo6.e', { version }, { aggregate: { ...aggregate, version } }))
    await store.insert(batch)
    const docs = await store.collection.find({}).toArray()
    if (caps.transactions) {
      // A replica set: the batch went in as one transaction, as plain documents.
      expect(status.batches).toBe('transactions')
      expect(docs.every((d) => d.batch === undefined)).toBe(true)
      console.log('MGO-6: path taken — batches written in a transaction (the server has transactions)')
    } else {
      // This server (FerretDB here) has none: the fallback — batch markers and the visibility rule.
      expect(status.batches).toBe('markers')
      expect(docs.map((d) => d.batchSize)).toEqual([3, 3, 3])
      expect(new Set(docs.map((d) => d.batch?.toHexString())).size).toBe(1)
      console.log('MGO-6: path taken — fallback: batch markers (batch id + size), hidden until whole; no transactions')
    }
    if (!caps.changeStreams) {
      console.log('MGO-6: change streams refused — the outbox relay polls (its fallback)')
    }
    // Asked explicitly not to use transactions, the store does not even ask.
    const never = await new MongoStore(t.db, { collection: uniqueName('events'), transactions: 'never' }).ready()
    expect(never).toEqual({ batches: 'markers', server: undefined })
    await store.close()
  })

  it('MGO-6: on this server (FerretDB, no replica set) both features are reported missing', async () => {
    const hello = await t.db.command({ hello: 1 })
    const caps = await capabilities(t.db)
    if (typeof hello.setName === 'string') {
      console.log(`MGO-6: replica set "${hello.setName}": not the FerretDB case, nothing to check here`)
      return
    }
    expect(caps).toMatchObject({ transactions: false, changeStreams: false })
    expect(caps.notes.join('\n')).toMatch(/transactions: refused \(code \d+/)
    expect(caps.notes.join('\n')).toMatch(/change streams: refused \(code \d+/)
  })
})
