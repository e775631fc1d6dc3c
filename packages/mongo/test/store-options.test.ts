import { newEvent, uuid } from '@goes/core'
import { integration } from '@goes-internal/services/integration'
import { Binary } from 'mongodb'
import { MongoStore } from '../src/index.js'
import { type ScratchDb, scratchDb, uniqueName } from './support/db.js'

const mongo = integration('mongo')

mongo.describe('MongoStore options and lifecycle', () => {
  let t: ScratchDb
  beforeAll(async () => {
    t = await scratchDb(mongo.url, 'goes_m1_opts')
  })
  afterAll(async () => {
    await t?.drop()
  })

  it('rejects bad options with INVALID_OPTION, naming the option', () => {
    const bad: [string, object][] = [
      ['indices', { indices: ['nope'] }],
      ['transactions', { transactions: 'sometimes' }],
      ['abandonAfter', { abandonAfter: 10 }],
      ['readBatchSize', { readBatchSize: 0 }],
      ['collection', { collection: '' }],
    ]
    for (const [option, o] of bad) {
      expect(() => new MongoStore(t.db, o as never)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }))
      expect(() => new MongoStore(t.db, o as never)).toThrow(new RegExp(option))
    }
  })

  it('creates the core and the named indexes, idempotently (a second store on the collection is fine)', async () => {
    const collection = uniqueName('events')
    await new MongoStore(t.db, { collection, indices: ['time', 'name'] }).ready()
    await new MongoStore(t.db, {
      collection,
      indices: ['time', 'name', 'aggregateId', 'aggregateTime'],
      outbox: true,
    }).ready()
    const names = (await t.db.collection(collection).indexes()).map((i) => i.name).sort()
    expect(names).toEqual(
      [
        '_id_',
        'goes_aggregate',
        'goes_aggregate_id',
        'goes_aggregate_time',
        'goes_batch',
        'goes_name_time',
        'goes_time',
        'goes_unpublished',
      ].sort(),
    )
    const unique = (await t.db.collection(collection).indexes()).find((i) => i.name === 'goes_aggregate')
    expect(unique).toMatchObject({ unique: true, key: { aggregateName: 1, aggregateId: 1, aggregateVersion: 1 } })
  })

  it('readableData: false keeps JSON data as bytes; outbox: true marks documents unpublished; both read back', async () => {
    const store = new MongoStore(t.db, { collection: uniqueName('events'), readableData: false, outbox: true })
    const e = newEvent('opts.e', { title: 'milk', n: 1 }, { aggregate: { name: 'opts.agg', id: uuid(), version: 1 } })
    await store.insert([e])
    const doc = await store.collection.findOne({})
    expect(doc?.data).toBeInstanceOf(Binary)
    expect(doc?.unpublished).toBe(true)
    expect((await store.find(e.id)).data).toEqual({ title: 'milk', n: 1 })
    // A store with readable data reads the same documents.
    const other = new MongoStore(t.db, { collection: store.collection.collectionName })
    expect((await other.find(e.id)).data).toEqual({ title: 'milk', n: 1 })
  })

  it('connect() owns its client: close() closes it, is idempotent, and later calls reject with CLOSED', async () => {
    const store = await MongoStore.connect(mongo.url, { database: t.db.databaseName, collection: uniqueName('events') })
    await store.insert([newEvent('opts.e', 1)])
    await store.close()
    await store.close()
    await expect(store.insert([newEvent('opts.e', 2)])).rejects.toMatchObject({ code: 'CLOSED' })
    await expect(store.find(uuid())).rejects.toMatchObject({ code: 'CLOSED' })
    await expect(store.delete([])).rejects.toMatchObject({ code: 'CLOSED' })
    const it = store.query()[Symbol.asyncIterator]()
    await expect(it.next()).rejects.toMatchObject({ code: 'CLOSED' })
  })

  it('a store on a shared client leaves the client open on close(); await using works', async () => {
    const collection = uniqueName('events')
    {
      await using store = new MongoStore(t.db, { collection })
      await store.insert([newEvent('opts.e', 1)])
    }
    expect(await t.db.collection(collection).countDocuments()).toBe(1)
  })

  it('a server that cannot be reached makes connect() reject with TIMEOUT', async () => {
    await expect(
      MongoStore.connect('mongodb://127.0.0.1:9', { client: { serverSelectionTimeoutMS: 300 } }),
    ).rejects.toMatchObject({ code: 'TIMEOUT' })
  })
})
