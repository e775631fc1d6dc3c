import { ALL_EVENTS, type Event, type EventBus, GoesError, MemoryBus, newEvent, uuid } from '@goes/core'
import { integration } from '@goes-internal/services/integration'
import { capabilities, MongoStore, OutboxRelay, outboxStore } from '../src/index.js'
import { idToBson } from '../src/internal/uuid.js'
import { until } from './fixtures-m2/wait.js'
import { type ScratchDb, scratchDb, uniqueName } from './support/db.js'

const mongo = integration('mongo')

function history(n: number, name = 'test.outbox'): Event[] {
  const aggregate = { name, id: uuid(), version: 1 }
  const events = [newEvent('test.item', { i: 0 }, { aggregate })]
  for (let i = 1; i < n; i++) events.push(newEvent('test.item', { i }, { previous: events[i - 1]! }))
  return events
}

async function collect(bus: EventBus): Promise<{ events: Event[]; stop(): Promise<void> }> {
  const sub = await bus.subscribe(ALL_EVENTS)
  const events: Event[] = []
  const loop = (async () => {
    for await (const e of sub) events.push(e)
  })()
  return {
    events,
    async stop() {
      await sub.close()
      await loop
    },
  }
}

mongo.describe('outbox', () => {
  let t: ScratchDb
  beforeAll(async () => {
    t = await scratchDb(mongo.url, 'goes_m2_outbox')
  })
  afterAll(async () => {
    await t?.drop()
  })
  const newStore = () => new MongoStore(t.db, { collection: uniqueName('events'), outbox: true })

  it('outboxStore: inserts are published in order per aggregate, then unmarked', async () => {
    const base = newStore()
    const bus = new MemoryBus()
    const got = await collect(bus)
    const store = outboxStore(base, bus, { pollMs: 5_000 })
    const a = history(6)
    const b = history(4)
    const loose = newEvent('test.loose', { x: 1 })
    await store.insert(a.slice(0, 3))
    await store.insert([...b, loose])
    await store.insert(a.slice(3))
    // Woken by the inserts: published long before the next poll (5 s).
    await until(() => got.events.length >= 11, 'the published events', 4_000)
    expect(got.events.filter((e) => e.aggregate?.id === a[0]!.aggregate!.id).map((e) => e.id)).toEqual(
      a.map((e) => e.id),
    )
    expect(got.events.filter((e) => e.aggregate?.id === b[0]!.aggregate!.id).map((e) => e.id)).toEqual(
      b.map((e) => e.id),
    )
    expect(got.events.some((e) => e.id === loose.id)).toBe(true)
    await until(async () => (await base.collection.countDocuments({ unpublished: true })) === 0, 'markers cleared')
    await store.close()
    await store.close()
    await got.stop()
  })

  it('a relay never publishes the events of an incomplete batch', async () => {
    const base = newStore()
    const bus = new MemoryBus()
    const got = await collect(bus)
    const whole = history(3)
    const broken = history(3)
    await base.insert(whole)
    await base.insert(broken)
    // As if the writer died mid-insert: one document of the batch is missing.
    await base.collection.deleteOne({ _id: idToBson(broken[1]!.id) })
    const relay = new OutboxRelay(base, bus)
    expect(await relay.runOnce()).toBe(3)
    expect(await relay.runOnce()).toBe(0)
    expect(got.events.map((e) => e.id)).toEqual(whole.map((e) => e.id))
    await relay.close()
    await got.stop()
  })

  it('a bus that rejects: the failure is reported on errors, the events stay unpublished, the next relay publishes them', async () => {
    const base = newStore()
    const events = history(2)
    await base.insert(events)
    const failing: EventBus = {
      publish: () => Promise.reject(new GoesError('ENCODE_FAILED', 'test: the bus refuses')),
      subscribe: () => Promise.reject(new Error('not used')),
    }
    const bad = new OutboxRelay(base, failing, { pollMs: 20, claimTtlMs: 300 })
    const errors: GoesError[] = []
    const reading = (async () => {
      for await (const e of bad.errors) errors.push(e)
    })()
    await bad.start()
    await until(() => errors.length >= 2, 'two reported failures (the relay retries)')
    await bad.close()
    await reading
    expect(errors[0]?.code).toBe('ENCODE_FAILED')
    expect(await base.collection.countDocuments({ unpublished: true })).toBe(2)

    const bus = new MemoryBus()
    const got = await collect(bus)
    const good = new OutboxRelay(base, bus)
    await until(async () => (await good.runOnce()) === 2, 'the good relay to take over the expired claim')
    expect(got.events.map((e) => e.id)).toEqual(events.map((e) => e.id))
    await good.close()
    await got.stop()
  })

  it('two relays on one backlog: each run is published by exactly one of them, in order per aggregate', async () => {
    const base = newStore()
    const histories = Array.from({ length: 8 }, () => history(5))
    for (const h of histories) await base.insert(h)
    const bus = new MemoryBus()
    const got = await collect(bus)
    const relays = [new OutboxRelay(base, bus, { batchSize: 7 }), new OutboxRelay(base, bus, { batchSize: 7 })]
    let total = 0
    while (total < 40) {
      const counts = await Promise.all(relays.map((r) => r.runOnce()))
      total += counts[0]! + counts[1]!
      if (counts[0] === 0 && counts[1] === 0) break
    }
    expect(total).toBe(40)
    expect(new Set(got.events.map((e) => e.id)).size).toBe(40)
    for (const h of histories) {
      const id = h[0]!.aggregate!.id
      expect(got.events.filter((e) => e.aggregate?.id === id).map((e) => e.aggregate!.version)).toEqual([1, 2, 3, 4, 5])
    }
    await Promise.all(relays.map((r) => r.close()))
    await got.stop()
  })

  it('asks the server for change streams and says which path runs (here: polling, FerretDB has none)', async () => {
    const base = newStore()
    const relay = new OutboxRelay(base, new MemoryBus())
    await relay.start()
    const caps = await capabilities(t.db)
    console.log(`outbox relay wakes on: ${relay.wakesOn} (${caps.notes.join('; ')})`)
    expect(relay.wakesOn).toBe(caps.changeStreams ? 'change-stream' : 'poll')
    await relay.close()
    await expect(relay.start()).rejects.toMatchObject({ code: 'CLOSED' })
  })

  it('needs a store created with { outbox: true }; bad options are typed errors', () => {
    const plain = new MongoStore(t.db, { collection: uniqueName('events') })
    expect(() => new OutboxRelay(plain, new MemoryBus())).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }))
    expect(() => new OutboxRelay(newStore(), new MemoryBus(), { pollMs: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    )
  })
})
