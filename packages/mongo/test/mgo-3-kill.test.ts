import { drain, type Event, uuid, validateHistory } from '@goes/core'
import { integration } from '@goes-internal/services/integration'
import { ObjectId } from 'mongodb'
import { MongoStore } from '../src/index.js'
import { bsonToId } from '../src/internal/uuid.js'
import { runScript } from './support/child.js'
import { type ScratchDb, scratchDb, uniqueName } from './support/db.js'

const mongo = integration('mongo')
const KILLS = 20
const AGGREGATES = Array.from({ length: 3 }, () => uuid())

mongo.describe('MGO-3: writers killed with SIGKILL mid-insert never leave a partly visible batch', () => {
  let t: ScratchDb
  let store: MongoStore
  beforeAll(async () => {
    t = await scratchDb(mongo.url, 'goes_m1_kill')
    store = new MongoStore(t.db, { collection: uniqueName('events') })
    await store.ready()
  })
  afterAll(async () => {
    await store?.close()
    await t?.drop()
  })

  it(`MGO-3: a child appending 5-event batches is killed ${KILLS} times at random moments; every history is whole batches and validates`, async () => {
    const env = {
      MONGO_URL: mongo.url,
      MONGO_DB: t.db.databaseName,
      COLLECTION: store.collection.collectionName,
      AGGREGATE_IDS: AGGREGATES.join(','),
    }
    const acknowledged = new Set<string>()
    const incompleteSeen = new Set<string>()
    let kills = 0
    // At least KILLS kills; more (up to 2 × KILLS) until one landed in an insert's window.
    for (; kills < KILLS || (incompleteSeen.size === 0 && kills < 2 * KILLS); kills++) {
      const writer = runScript('mgo3-writer.ts', env)
      await writer.until((l) => l.ready === true)
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 1000))
      await writer.kill()
      // The server finishes a write it had received when the writer died: wait until it is done.
      await quiet(store)
      for (const l of writer.lines) for (const id of (l.inserted as string[] | undefined) ?? []) acknowledged.add(id)
      // What the dead writer left: batches with fewer documents than their size — hidden.
      const left = await incompleteBatches(store)
      if (left.length > 0) {
        const everything = new Set((await drain(store.query())).map((e) => e.id))
        for (const b of left) {
          incompleteSeen.add(b)
          for (const id of await batchIds(store, b)) {
            expect(everything.has(id)).toBe(false)
            await expect(store.find(id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
          }
        }
      }
    }
    const raw = await store.collection.find({}, { projection: { batch: 1, batchSize: 1 } }).toArray()
    const leftNow = await incompleteBatches(store)
    console.log(
      `MGO-3: ${kills} kills, ${acknowledged.size / 5} acknowledged batches, ${raw.length} documents; ` +
        `incomplete batches left by killed writers: ${incompleteSeen.size} seen after the kills, ${leftNow.length} still there at the end (the others were cleared by later writers as abandoned) — all hidden`,
    )

    // Every aggregate's visible history validates: versions 1, 2, 3, … in order, times increasing.
    const visible = new Map<string, Event>()
    for (const id of AGGREGATES) {
      const history = await drain(
        store.query({ aggregates: [{ name: 'mgo3.agg', id }], sort: [{ by: 'aggregateVersion', dir: 'asc' }] }),
      )
      validateHistory({ aggregateName: 'mgo3.agg', aggregateId: id, aggregateVersion: 0 }, history)
      for (const e of history) visible.set(e.id, e)
    }
    // Whole batches only: per batch, all of its documents are visible or none is.
    const all = await drain(store.query())
    expect(new Set(all.map((e) => e.id))).toEqual(new Set(visible.keys()))
    const byBatch = new Map<string, { size: number; ids: string[] }>()
    for (const d of await store.collection.find({}).toArray()) {
      const key = d.batch!.toHexString()
      const entry = byBatch.get(key) ?? { size: d.batchSize!, ids: [] }
      entry.ids.push(bsonToId(d._id)!)
      byBatch.set(key, entry)
    }
    let hidden = 0
    for (const [key, { size, ids }] of byBatch) {
      const shown = ids.filter((id) => visible.has(id)).length
      expect({ batch: key, shown }).toEqual({ batch: key, shown: ids.length === size ? size : 0 })
      if (shown === 0) hidden += ids.length
    }
    for (const d of leftNow) expect(byBatch.get(d)!.ids.every((id) => !visible.has(id))).toBe(true)
    // Nothing acknowledged is lost.
    for (const id of acknowledged) expect(visible.has(id)).toBe(true)
    expect(hidden).toBe(raw.length - visible.size)
    expect(acknowledged.size).toBeGreaterThan(0)
    expect(incompleteSeen.size).toBeGreaterThan(0)
  }, 240_000)
})

/** Resolves once the number of documents has not changed for 300 ms. */
async function quiet(store: MongoStore): Promise<void> {
  let last = -1
  for (;;) {
    const n = await store.collection.countDocuments()
    if (n === last) return
    last = n
    await new Promise((r) => setTimeout(r, 300))
  }
}

/** The event ids of a batch's documents. */
async function batchIds(store: MongoStore, batch: string): Promise<string[]> {
  const docs = await store.collection.find({ batch: new ObjectId(batch) }, { projection: { _id: 1 } }).toArray()
  return docs.map((d) => bsonToId(d._id)!)
}

/** Batch ids (hex) with fewer documents than their size. */
async function incompleteBatches(store: MongoStore): Promise<string[]> {
  const docs = await store.collection
    .find({ batch: { $exists: true } }, { projection: { batch: 1, batchSize: 1 } })
    .toArray()
  const counts = new Map<string, { n: number; size: number }>()
  for (const d of docs) {
    const key = d.batch!.toHexString()
    const c = counts.get(key) ?? { n: 0, size: d.batchSize! }
    c.n++
    counts.set(key, c)
  }
  return [...counts].filter(([, c]) => c.n < c.size).map(([k]) => k)
}
