import { ALL_EVENTS, type Event, MemoryBus } from '@goes/core'
import { integration } from '@goes-internal/services/integration'
import { MongoStore, OutboxRelay } from '../src/index.js'
import { Child } from './fixtures-m2/child.js'
import { type ScratchDb, scratchDb } from './support/db.js'

const mongo = integration('mongo')
const CLAIM_TTL_MS = 1500

mongo.describe('MGO-4', () => {
  let t: ScratchDb
  beforeAll(async () => {
    t = await scratchDb(mongo.url, 'goes_m2_mgo4')
  })
  afterAll(async () => {
    await t?.drop()
  })

  it('MGO-4: a writer killed (SIGKILL) before it publishes: relays started afterwards publish every event; two relays deliver each at least once, in order per aggregate', async () => {
    const child = new Child('outbox-writer.ts', {
      MONGO_URL: mongo.url,
      MONGO_DB: t.db.databaseName,
      CLAIM_TTL_MS: String(CLAIM_TTL_MS),
    })
    await child.waitFor((m) => m.type === 'ready')
    // Let it insert a while, then kill it at a random moment (often in the middle of an insert).
    await child.waitFor((m) => m.type === 'inserted', 20)
    await new Promise((r) => setTimeout(r, Math.random() * 200))
    child.process.kill('SIGKILL')
    expect((await child.exited).signal).toBe('SIGKILL')
    const reported = child.messages.filter((m) => m.type === 'inserted').flatMap((m) => m.ids as string[])
    expect(reported.length).toBeGreaterThanOrEqual(60)

    const store = new MongoStore(t.db, { outbox: true })
    const bus = new MemoryBus()
    const received: Event[] = []
    const sub = await bus.subscribe(ALL_EVENTS)
    const collecting = (async () => {
      for await (const e of sub) received.push(e)
    })()
    // Two relays, as two processes would run them (each its own claims owner).
    const relays = [0, 1].map(
      () => new OutboxRelay(store, bus, { pollMs: 50, claimTtlMs: CLAIM_TTL_MS, batchSize: 25 }),
    )
    // The leases the dead writer's relay holds (it took them, then hung publishing).
    const claims = t.db.collection<{ k: string; a: number }>(`${store.collection.collectionName}_outbox_claims`)
    const deadLeases = await claims.find().toArray()
    await Promise.all(relays.map((r) => r.start()))
    const errors: unknown[] = []
    for (const r of relays)
      void (async () => {
        for await (const e of r.errors) errors.push(e)
      })()

    const want = new Set(reported)
    const deadline = Date.now() + 60_000
    while ([...want].some((id) => !received.some((e) => e.id === id))) {
      if (Date.now() > deadline) throw new Error(`not every event was published: ${received.length} received`)
      await new Promise((r) => setTimeout(r, 50))
    }
    // Whatever else was inserted (the last insert, unreported) is published too: nothing stays unpublished.
    const visible: string[] = []
    for await (const e of store.query()) visible.push(e.id)
    while (visible.some((id) => !received.some((e) => e.id === id))) {
      if (Date.now() > deadline) throw new Error('a visible event was never published')
      await new Promise((r) => setTimeout(r, 50))
    }
    await Promise.all(relays.map((r) => r.close()))
    await sub.close()
    await collecting

    // Every lease the dead writer held (it hung in publish) was taken over by a later lease.
    let takenOver = 0
    for (const dead of deadLeases) {
      if ((await claims.countDocuments({ k: dead.k, a: { $gt: dead.a } })) > 0) takenOver++
    }
    const ids = received.map((e) => e.id)
    const duplicates = ids.length - new Set(ids).size
    console.log(
      `MGO-4: ${reported.length} events reported inserted before SIGKILL, ${visible.length} visible, ` +
        `${received.length} deliveries, ${duplicates} duplicate(s), ${deadLeases.length} lease(s) held by the dead writer, ${takenOver} taken over; ` +
        `relay modes: ${relays.map((r) => r.wakesOn).join(', ')}`,
    )
    // Nothing but stored events was published, and no event of an incomplete batch.
    expect(new Set(ids)).toEqual(new Set(visible))
    // Per aggregate, the first deliveries come in version order.
    const firstSeen = new Map<string, number[]>()
    const seen = new Set<string>()
    for (const e of received) {
      if (seen.has(e.id) || e.aggregate === undefined) continue
      seen.add(e.id)
      const list = firstSeen.get(e.aggregate.id) ?? []
      list.push(e.aggregate.version)
      firstSeen.set(e.aggregate.id, list)
    }
    for (const versions of firstSeen.values()) expect(versions).toEqual(versions.map((_, i) => i + 1))
    expect(errors).toEqual([])
    expect(deadLeases.length).toBeGreaterThan(0)
    expect(takenOver).toBe(deadLeases.length)
  }, 120_000)
})
