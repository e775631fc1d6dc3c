import { type GoesError, MemoryBus, MemoryStore, newEvent, uuid } from '@goes/core'
import { integration } from '@goes-internal/services/integration'
import { MongoJsonView, MongoStore, outboxStore } from '../src/index.js'
import { until } from './fixtures-m2/wait.js'
import { type ScratchDb, scratchDb, uniqueName } from './support/db.js'

const mongo = integration('mongo')

mongo.describe('MongoJsonView', () => {
  let t: ScratchDb
  beforeAll(async () => {
    t = await scratchDb(mongo.url, 'goes_m2_view')
  })
  afterAll(async () => {
    await t?.drop()
  })

  it('copies the stored events at start and the bus events afterwards, readable; idempotent across restarts', async () => {
    const store = new MemoryStore()
    const bus = new MemoryBus()
    const list = { name: 'todo.list', id: uuid(), version: 1 }
    const first = newEvent('todo.task_added', { title: 'milk', tags: ['a'] }, { aggregate: list })
    const odd = newEvent('todo.odd', { 'a.b': 1, $where: 'x', nested: [[1], []] })
    await store.insert([first, odd])
    const collection = uniqueName('json')
    const view = new MongoJsonView(t.db, store, bus, { collection, batchSize: 1 })
    await view.start()
    expect(await view.collection.countDocuments()).toBe(2)
    const doc = await view.collection.findOne({ _id: first.id })
    expect(doc).toEqual({
      _id: first.id,
      name: 'todo.task_added',
      time: first.time.toISOString(),
      timeNano: first.timeNano.toString(),
      aggregateName: 'todo.list',
      aggregateId: list.id,
      aggregateVersion: 1,
      data: { title: 'milk', tags: ['a'] },
    })
    const oddDoc = await view.collection.findOne({ _id: odd.id })
    expect(oddDoc?.aggregateName).toBeUndefined()
    expect(JSON.parse(oddDoc?.dataJson ?? 'null')).toEqual(odd.data)

    const later = newEvent('todo.task_done', { title: 'milk' }, { previous: first })
    await store.insert([later])
    await bus.publish([later, later]) // a duplicate delivery changes nothing
    await until(async () => (await view.collection.countDocuments()) === 3, 'the bus event')
    expect((await view.collection.findOne({ _id: later.id }))?.aggregateVersion).toBe(2)

    await view.close()
    await view.close()
    const afterClose = newEvent('todo.task_added', { title: 'late' })
    await bus.publish([afterClose])
    // A restarted view over the same collection catches up again without duplicates.
    const again = new MongoJsonView(t.db, store, bus, { collection })
    await again.start()
    expect(await again.collection.countDocuments()).toBe(3)
    await again.close()
  })

  it('with the MongoDB store and the outbox: stored events at start, outbox-published ones afterwards', async () => {
    const base = new MongoStore(t.db, { collection: uniqueName('events'), outbox: true })
    const bus = new MemoryBus()
    const store = outboxStore(base, bus, { pollMs: 20 })
    const list = { name: 'todo.list', id: uuid(), version: 1 }
    const added = newEvent('todo.task_added', { title: 'milk' }, { aggregate: list })
    await base.insert([added]) // stored (and published by the outbox relay, maybe before the view starts)
    const view = new MongoJsonView(t.db, store, bus, { collection: uniqueName('json') })
    await view.start()
    expect((await view.collection.findOne({ _id: added.id }))?.data).toEqual({ title: 'milk' })
    const done = newEvent('todo.task_done', { title: 'milk' }, { previous: added })
    await store.insert([done])
    await until(async () => (await view.collection.countDocuments({ _id: done.id })) === 1, 'the outbox event')
    expect(await view.collection.countDocuments()).toBe(2)
    await view.close()
    await store.close()
  })

  it('a copy that cannot be written is reported on errors and the view goes on', async () => {
    const store = new MemoryStore()
    const bus = new MemoryBus()
    const view = new MongoJsonView(t.db, store, bus, { collection: uniqueName('json') })
    await view.start()
    const errors: GoesError[] = []
    void (async () => {
      for await (const e of view.errors) errors.push(e)
    })()
    const huge = newEvent('test.huge', { text: 'x'.repeat(17 * 1024 * 1024) })
    const fine = newEvent('test.fine', { ok: true })
    await bus.publish([huge, fine])
    await until(async () => (await view.collection.countDocuments({ _id: fine.id })) === 1, 'the event after')
    expect(await view.collection.countDocuments({ _id: huge.id })).toBe(0)
    expect(errors.map((e) => e.code)).toEqual(['HANDLER_FAILED'])
    expect(errors[0]?.message).toContain('copying 1 event(s) failed')
    await view.close()
    await expect(view.start()).rejects.toMatchObject({ code: 'CLOSED' })
  })

  it('start with an aborted signal rejects with ABORTED', async () => {
    const c = new AbortController()
    c.abort()
    const view = new MongoJsonView(t.db, new MemoryStore(), new MemoryBus(), { collection: uniqueName('json') })
    await expect(view.start({ signal: c.signal })).rejects.toMatchObject({ code: 'ABORTED' })
    await view.close()
  })
})
