import { uuid } from '@goes/core'
import { integration } from '@goes-internal/services/integration'
import { MongoModelRepository } from '../src/model/index.js'
import { type ScratchDb, scratchDb, uniqueName } from './support/db.js'

const mongo = integration('mongo')

type Count = { id: string; n: number; tags: string[] }

mongo.describe('MongoModelRepository', () => {
  let t: ScratchDb
  beforeAll(async () => {
    t = await scratchDb(mongo.url, 'goes_m2_model')
  })
  afterAll(async () => {
    await t?.drop()
  })

  const repo = (factory = true) =>
    new MongoModelRepository<Count>(t.db, {
      collection: uniqueName('m'),
      ...(factory ? { factory: (id: string) => ({ id, n: 0, tags: [] }) } : {}),
    })

  it('fetch of a missing model: NOT_FOUND without a factory, the factory model with one (nothing stored)', async () => {
    const id = uuid()
    await expect(repo(false).fetch(id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const r = repo()
    expect(await r.fetch(id)).toEqual({ id, n: 0, tags: [] })
    expect(await r.collection.countDocuments()).toBe(0)
  })

  it('save then fetch round-trips; a second save replaces it and only the newest version stays stored', async () => {
    const r = repo(false)
    const id = uuid()
    await r.save(id, { id, n: 1, tags: ['a'] })
    await r.save(id, { id, n: 2, tags: ['a', 'b'] })
    expect(await r.fetch(id)).toEqual({ id, n: 2, tags: ['a', 'b'] })
    const docs = await r.collection.find({ m: id }).toArray()
    expect(docs.map((d) => d.v)).toEqual([2])
    expect(docs[0]?.s).toEqual({ id, n: 2, tags: ['a', 'b'] }) // readable in Compass
  })

  it('use changes the model in place or by returning a new one, and resolves with the saved model', async () => {
    const r = repo()
    const id = uuid()
    expect(await r.use(id, (m) => void m.n++)).toEqual({ id, n: 1, tags: [] })
    expect(await r.use(id, (m) => ({ ...m, tags: ['x.y', '$z'] }))).toEqual({ id, n: 1, tags: ['x.y', '$z'] })
    expect(await r.fetch(id)).toEqual({ id, n: 1, tags: ['x.y', '$z'] })
  })

  it('use without a factory on a missing model rejects with NOT_FOUND and does not call the function', async () => {
    const fn = jest.fn()
    await expect(repo(false).use(uuid(), fn)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(fn).not.toHaveBeenCalled()
  })

  it('a failing use() function saves nothing and rejects with its error', async () => {
    const r = repo()
    const id = uuid()
    await r.save(id, { id, n: 5, tags: [] })
    await expect(
      r.use(id, () => {
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await r.fetch(id)).toEqual({ id, n: 5, tags: [] })
  })

  it('delete: fetch then finds none (or the factory model); deleting again or an unknown id is fine', async () => {
    const r = repo(false)
    const id = uuid()
    await r.save(id, { id, n: 3, tags: [] })
    await r.delete(id)
    await r.delete(id)
    await r.delete(uuid())
    await expect(r.fetch(id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await r.save(id, { id, n: 9, tags: [] })
    expect(await r.fetch(id)).toEqual({ id, n: 9, tags: [] })
  })

  it('a use() that read the model before a delete runs again on the factory model', async () => {
    const r = repo()
    const id = uuid()
    await r.save(id, { id, n: 7, tags: [] })
    const seen: number[] = []
    let deleted = false
    const saved = await r.use(id, async (m) => {
      seen.push(m.n)
      if (!deleted) {
        deleted = true
        await r.delete(id)
      }
      m.n++
    })
    expect(seen).toEqual([7, 0])
    expect(saved.n).toBe(1)
  })

  it('bad ids and options are typed errors; an aborted signal rejects with ABORTED', async () => {
    const r = repo()
    await expect(r.fetch('')).rejects.toMatchObject({ code: 'INVALID_OPTION' })
    await expect(r.use(uuid(), (m) => m, { attempts: 0 })).rejects.toMatchObject({ code: 'INVALID_OPTION' })
    expect(() => new MongoModelRepository(t.db, { attempts: 1.5 })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    )
    const c = new AbortController()
    c.abort()
    await expect(r.save(uuid(), { id: '', n: 1, tags: [] }, { signal: c.signal })).rejects.toMatchObject({
      code: 'ABORTED',
    })
  })
})
