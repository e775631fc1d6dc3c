import { uuid } from '@goes/core'
import { integration } from '@goes-internal/services/integration'
import { MongoClient } from 'mongodb'
import { MongoModelRepository } from '../src/model/index.js'
import type { ModelDoc } from '../src/model/options.js'
import { encodeValue } from '../src/model/plain.js'
import { insertVersion } from '../src/model/versions.js'
import { type ScratchDb, scratchDb, uniqueName } from './support/db.js'

const mongo = integration('mongo')

type Count = { n: number }

// Pruning removes older versions, and with them the unique-index entry that refused a second
// writer of the next version. These tests pin down that a late writer still loses.
mongo.describe('MongoModelRepository versions', () => {
  let t: ScratchDb
  const clients: MongoClient[] = []
  beforeAll(async () => {
    t = await scratchDb(mongo.url, 'goes_model_versions')
    for (let i = 0; i < 3; i++) clients.push(await MongoClient.connect(mongo.url))
  })
  afterAll(async () => {
    for (const c of clients) await c.close()
    await t?.drop()
  })

  it('a writer that read version 1 before two other saves cannot insert version 2 once it was pruned', async () => {
    const r = new MongoModelRepository<Count>(t.db, { collection: uniqueName('late') })
    const id = uuid()
    await r.save(id, { n: 1 })
    const read = (await r.collection.findOne({ m: id })) as ModelDoc // what the late writer read
    await r.save(id, { n: 2 })
    await r.save(id, { n: 3 }) // prunes versions 1 and 2
    expect((await r.collection.find({ m: id }).toArray()).map((d) => d.v)).toEqual([3])

    const late = await insertVersion(r.collection, id, read, encodeValue({ n: 100 }, undefined), undefined)
    expect(late).toBeUndefined() // it lost, although the index took its version 2
    expect(await r.fetchVersioned(id)).toEqual({ model: { n: 3 }, version: 3 })
    expect((await r.collection.find({ m: id }).toArray()).map((d) => d.v)).toEqual([3]) // its document is gone
    await expect(r.save(id, { n: 4 }, { expectedVersion: 1 })).rejects.toMatchObject({ code: 'CONSISTENCY' })
  })

  it('a winning writer names the versions it was built on (newest first, at most 8)', async () => {
    const r = new MongoModelRepository<Count>(t.db, { collection: uniqueName('chain') })
    const id = uuid()
    const ids: string[] = []
    for (let n = 1; n <= 12; n++) {
      await r.save(id, { n })
      ids.unshift(String((await r.collection.findOne({ m: id }, { sort: { v: -1 } }))?._id))
    }
    const newest = await r.collection.findOne({ m: id }, { sort: { v: -1 } })
    expect(newest?.a?.map(String)).toEqual(ids.slice(1, 9))
  })

  it('racing use() calls without a pause from three clients lose no update', async () => {
    const collection = uniqueName('race')
    const repos = clients.map(
      (c) =>
        new MongoModelRepository<Count>(c.db(t.db.databaseName), {
          collection,
          factory: () => ({ n: 0 }),
          attempts: 1_000,
        }),
    )
    const id = uuid()
    const calls = repos.flatMap((r) => Array.from({ length: 30 }, () => r.use(id, (m) => void m.n++)))
    await Promise.all(calls)
    expect((await repos[0]!.fetch(id)).n).toBe(calls.length)
  }, 120_000)
})
