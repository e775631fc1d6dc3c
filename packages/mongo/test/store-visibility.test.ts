import { type Event, newEvent, type Query, uuid } from '@goes/core'
import { integration } from '@goes-internal/services/integration'
import { ObjectId } from 'mongodb'
import { MongoStore } from '../src/index.js'
import { BatchGate } from '../src/internal/batches.js'
import { eventToDoc } from '../src/internal/encode.js'
import type { EventDoc } from '../src/internal/schema.js'
import { docComparator, docMatcher } from '../src/internal/view.js'
import { type ScratchDb, scratchDb, uniqueName } from './support/db.js'

const mongo = integration('mongo')
const T0 = 1_800_000_000_000_000_000n

async function ids(it: AsyncIterable<Event>): Promise<string[]> {
  const out: string[] = []
  for await (const e of it) out.push(e.id)
  return out
}

/** Documents of one batch as a writer would insert them (not inserted). */
function batchDocs(store: MongoStore, events: Event[], batch = new ObjectId()): EventDoc[] {
  return events.map((e) => eventToDoc(e, store.codecs, { batch, batchSize: events.length, unpublished: false }))
}

const at = (name: string, ns: bigint, aggregate?: { name: string; id: string; version: number }): Event =>
  newEvent(name, { ns: String(ns) }, { time: T0 + ns, ...(aggregate ? { aggregate } : {}) })

mongo.describe('the visibility rule: a batch is visible whole or not at all', () => {
  let t: ScratchDb
  beforeAll(async () => {
    t = await scratchDb(mongo.url, 'goes_m1_vis')
  })
  afterAll(async () => {
    await t?.drop()
  })
  const newStore = (extra: Partial<ConstructorParameters<typeof MongoStore>[1]> = {}) =>
    new MongoStore(t.db, { collection: uniqueName('events'), ...extra })

  it('an incomplete batch (its writer died) is hidden from every read until its last document exists', async () => {
    const store = newStore()
    const agg = { name: 'vis.agg', id: uuid() }
    const events = [1, 2, 3].map((v) => at('vis.e', BigInt(v), { ...agg, version: v }))
    const docs = batchDocs(store, events)
    const single = at('vis.single', 0n)
    await store.insert([single])
    await store.collection.insertMany(docs.slice(0, 2))
    const reads = async () => [
      await ids(store.query()),
      await ids(store.query({ aggregates: [agg], sort: [{ by: 'aggregateVersion', dir: 'asc' }] })),
      await ids(store.query({ names: ['vis.e'] })),
      await ids(store.query({ sort: [{ by: 'time', dir: 'desc' }] })),
    ]
    expect(await reads()).toEqual([[single.id], [], [], [single.id]])
    await expect(store.find(events[0]!.id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await store.collection.insertOne(docs[2]!)
    const all = [single.id, ...events.map((e) => e.id)]
    expect(await reads()).toEqual([all, events.map((e) => e.id), events.map((e) => e.id), [...all].reverse()])
    expect((await store.find(events[0]!.id)).data).toEqual({ ns: '1' })
    await store.close()
  })

  it('a batch completed while a sorted query runs is in its result whole or not at all', async () => {
    for (const late of ['before', 'after'] as const) {
      const store = newStore({ readBatchSize: 1 })
      const first = at('vis.first', 0n)
      // The batch: x at 20 ns; y at 10 ns (before x) or 30 ns (after x); y is stored late.
      const x = at('vis.x', 20n)
      const y = at('vis.y', late === 'before' ? 10n : 30n)
      const docs = batchDocs(store, [x, y])
      await store.insert([first])
      await store.collection.insertOne(docs[0]!)
      const it = store.query({ sort: [{ by: 'time', dir: 'asc' }] })[Symbol.asyncIterator]()
      expect((await it.next()).value?.id).toBe(first.id) // the cursor has passed 0 ns
      await store.collection.insertOne(docs[1]!) // the batch is complete now
      const rest: string[] = []
      for (let r = await it.next(); !r.done; r = await it.next()) rest.push(r.value.id)
      // y sorting before x was passed already: this query may not show the batch at all;
      // y sorting after x: the batch may be shown, then with both events in order.
      if (late === 'before') expect(rest).toEqual([])
      else expect([[], [x.id, y.id]]).toContainEqual(rest)
      // A new query shows it.
      expect(await ids(store.query({ sort: [{ by: 'time', dir: 'asc' }] }))).toEqual(
        late === 'before' ? [first.id, y.id, x.id] : [first.id, x.id, y.id],
      )
      await store.close()
    }
  })

  it('the gate merges members a cursor did not bring, and hides a batch the cursor already passed a member of', async () => {
    const store = newStore()
    const a = at('vis.a', 10n)
    const b = [at('vis.b', 20n), at('vis.b', 30n), at('vis.b', 40n)]
    const c = at('vis.c', 35n)
    const docs = batchDocs(store, b)
    const [da, dc] = [a, c].map((e) => eventToDoc(e, store.codecs, { unpublished: false }))
    await store.collection.insertMany([da!, ...docs, dc!])
    const q: Query = { sort: [{ by: 'time', dir: 'asc' }] }
    const drainGate = async (gate: BatchGate, fed: EventDoc[]) => {
      gate.add(fed)
      const out: string[] = []
      for (;;) {
        for (let d = gate.next(); d !== undefined; d = gate.next()) out.push(String(d.time - T0))
        if (!gate.blocked) break
        await gate.resolve()
      }
      for (const d of gate.flush()) out.push(String(d.time - T0))
      return out
    }
    // A cursor that saw a, b's first member and c, but not b's later members: merged in order.
    const merge = new BatchGate(store.collection, docMatcher(q), docComparator(q), undefined)
    expect(await drainGate(merge, [da!, docs[0]!, dc!])).toEqual(['10', '20', '30', '35', '40'])
    // A cursor that missed b's first member (it came too late) and saw its second: b is hidden.
    const missed = new BatchGate(store.collection, docMatcher(q), docComparator(q), undefined)
    expect(await drainGate(missed, [da!, docs[1]!, dc!, docs[2]!])).toEqual(['10', '35'])
    // Unsorted: any order, but whole.
    const unsorted = new BatchGate(store.collection, docMatcher({}), undefined, undefined)
    expect((await drainGate(unsorted, [docs[2]!, da!])).sort()).toEqual(['10', '20', '30', '40'])
    await store.close()
  })

  it('a conflict mid-batch removes the documents the server had stored before it', async () => {
    const store = newStore()
    const agg = { name: 'vis.agg', id: uuid() }
    await store.insert([at('vis.taken', 1n, { ...agg, version: 3 })])
    const free = { name: 'vis.free', id: uuid() }
    const batch = [
      at('vis.e', 2n, { ...free, version: 1 }),
      at('vis.e', 3n, { ...free, version: 2 }),
      at('vis.e', 4n, { ...agg, version: 3 }),
    ]
    await expect(store.insert(batch)).rejects.toMatchObject({ code: 'CONSISTENCY' })
    expect(await store.collection.countDocuments({})).toBe(1)
    await store.close()
  })

  it('a writer colliding with an abandoned incomplete batch removes it and inserts; a young one rejects', async () => {
    const store = newStore({ abandonAfter: 1000 })
    const agg = { name: 'vis.agg', id: uuid() }
    const dead = [1, 2, 3].map((v) => at('vis.dead', BigInt(v), { ...agg, version: v }))
    // Left by a writer that died 5 s ago (its batch id tells when it started) …
    const old = ObjectId.createFromTime(Math.floor(Date.now() / 1000) - 5)
    await store.collection.insertMany(batchDocs(store, dead, old).slice(0, 2))
    const mine = [1, 2].map((v) => at('vis.mine', 10n + BigInt(v), { ...agg, version: v }))
    await store.insert(mine)
    expect(await ids(store.query({ aggregates: [agg] }))).toEqual(mine.map((e) => e.id))
    expect(await store.collection.countDocuments({ name: 'vis.dead' })).toBe(0)
    // … but one that may still be writing is left alone: the insert conflicts.
    const young = [3, 4].map((v) => at('vis.young', 20n + BigInt(v), { ...agg, version: v }))
    await store.collection.insertMany(
      batchDocs(store, [...young, at('vis.young', 30n, { ...agg, version: 5 })]).slice(0, 2),
    )
    await expect(store.insert([at('vis.next', 40n, { ...agg, version: 3 })])).rejects.toMatchObject({
      code: 'CONSISTENCY',
    })
    expect(await store.collection.countDocuments({ name: 'vis.young' })).toBe(2)
    await store.close()
  })

  it('deleting part of a batch leaves the rest visible; deleting in an incomplete batch reveals nothing', async () => {
    const store = newStore()
    const whole = [1, 2, 3, 4].map((n) => at('vis.whole', BigInt(n)))
    await store.insert(whole)
    await store.delete([whole[1]!])
    expect(await ids(store.query({ sort: [{ by: 'time', dir: 'asc' }] }))).toEqual([
      whole[0]!.id,
      whole[2]!.id,
      whole[3]!.id,
    ])
    expect((await store.collection.find({ name: 'vis.whole' }).toArray()).map((d) => d.batchSize)).toEqual([1, 1, 1])
    const partial = [1, 2, 3].map((n) => at('vis.partial', 10n + BigInt(n)))
    await store.collection.insertMany(batchDocs(store, partial).slice(0, 2))
    await store.delete([partial[0]!])
    expect(await ids(store.query({ names: ['vis.partial'] }))).toEqual([])
    expect((await store.collection.findOne({ name: 'vis.partial' }))?.batchSize).toBe(3)
    await store.close()
  })
})
