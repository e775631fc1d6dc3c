import { CodecRegistry, compileQuery, drain, type Event, newEvent, type Query, sortEvents, uuid } from '@goes/core'
import { integration } from '@goes-internal/services/integration'
import { Binary } from 'mongodb'
import { MongoStore } from '../src/index.js'
import { idToBson } from '../src/internal/uuid.js'
import { type ScratchDb, scratchDb, uniqueName } from './support/db.js'

const mongo = integration('mongo')

// Data the servers refuse or would read as operators if they were ever put into a filter.
const HOSTILE: unknown[] = [
  { $where: 'function () { return true }', 'a.b': 1, '.': '.', $: '$' },
  { nested: { $gt: '', $in: [1, 2], ok: { $ne: null } }, list: [{ $or: [] }, { 'x.y': { $exists: true } }] },
  { '': 'empty key', 'nul\u0000key': 'nul', text: 'nul\u0000value', __proto__x: 1 },
  JSON.parse('{"__proto__": {"polluted": true}, "$expr": {"$eq": ["$a", "$b"]}}'),
  [
    ['nested', 'arrays'],
    [1, [2, [3]]],
  ],
  { $regex: '.*', $options: 'i', deep: { deeper: { $elemMatch: { $gt: 1 } } } },
]
const NAMES = ['$where', 'a.b', '$gt', '{"$ne":1}', 'plain.name']

mongo.describe('MGO-5: keys and names the server refuses or would read as operators', () => {
  let t: ScratchDb
  beforeAll(async () => {
    t = await scratchDb(mongo.url, 'goes_m1_keys')
  })
  afterAll(async () => {
    await t?.drop()
  })

  it('MGO-5: data and names with $, ., $where-like keys and nested operators round-trip exactly and do not change what a query matches', async () => {
    const store = new MongoStore(t.db, { collection: uniqueName('events') })
    const aggregate = { name: '$where.agg', id: uuid() }
    const events: Event[] = []
    NAMES.forEach((name, n) => {
      HOSTILE.forEach((data, k) => {
        const version = n * HOSTILE.length + k + 1
        events.push(newEvent(name, data, k % 2 === 0 ? { aggregate: { ...aggregate, version } } : {}))
      })
    })
    // Plain neighbours: what every query must keep matching (or not).
    const plain = [
      newEvent('plain.name', { a: 1 }),
      newEvent('other', { $where: 'x' }, { aggregate: { name: 'agg', id: uuid(), version: 1 } }),
    ]
    await store.insert(events.slice(0, 12))
    await store.insert([...events.slice(12), ...plain])
    const all = [...events, ...plain]

    // Round trip: find and query give the data back exactly.
    for (const e of events) {
      const found = await store.find(e.id)
      expect(found.name).toBe(e.name)
      expect(found.data).toEqual(e.data)
      expect(JSON.stringify(found.data)).toBe(JSON.stringify(e.data))
    }
    const queried = new Map((await drain(store.query())).map((e) => [e.id, e]))
    for (const e of all) expect(JSON.stringify(queried.get(e.id)?.data)).toBe(JSON.stringify(e.data))

    // Queries match exactly what core's matcher matches, hostile names included.
    const queries: Query[] = [
      {},
      { names: ['$where'] },
      { names: ['{"$ne":1}', 'a.b'] },
      { names: ['$gt'], sort: [{ by: 'time', dir: 'desc' }] },
      { aggregateNames: ['$where.agg'], sort: [{ by: 'aggregateVersion', dir: 'asc' }] },
      { aggregates: [{ name: '$where.agg', id: aggregate.id }], aggregateVersions: { min: 3, max: 20 } },
      { names: ['plain.name'], aggregateNames: ['$where.agg'] },
    ]
    for (const q of queries) {
      const want = sortEvents(all.filter(compileQuery(q)), q.sort).map((e) => e.id)
      const got = (await drain(store.query(q))).map((e) => e.id)
      if (q.sort === undefined) expect(new Set(got)).toEqual(new Set(want))
      else expect(got).toEqual(want)
      expect(got.length).toBe(want.length)
    }

    // How they are kept: storable data as a BSON value, the rest as the JSON bytes.
    const raw = await store.collection.findOne({ name: 'plain.name', 'data.a': 1 })
    expect(raw?.data).toEqual({ a: 1 })
    for (const e of events) {
      const doc = await store.collection.findOne({ _id: idToBson(e.id) })
      expect(doc?.data).toBeInstanceOf(Binary)
    }
    await store.close()
  })

  it('MGO-5: names with a custom codec are stored as bytes; documents with binary JSON data stay readable', async () => {
    const codecs = new CodecRegistry().register('json.one').register('bytes.one', {
      codec: {
        encode: (d: unknown) => new TextEncoder().encode(`<${String(d)}>`),
        decode: (b) => new TextDecoder().decode(b),
      },
    })
    const store = new MongoStore(t.db, { collection: uniqueName('events'), codecs })
    const json = newEvent('json.one', { $k: 1, ok: 2 })
    const readable = newEvent('json.one', { title: 'milk', tags: ['a', 'b'], n: 1.5, nil: null })
    const bytes = newEvent('bytes.one', 'hello')
    await store.insert([json, readable, bytes])
    expect((await store.find(bytes.id)).data).toBe('<hello>')
    expect((await store.find(json.id)).data).toEqual({ $k: 1, ok: 2 })
    const docs = await store.collection.find({}).toArray()
    const byName = (n: string) => docs.filter((d) => d.name === n)
    expect(byName('bytes.one')[0]!.data).toBeInstanceOf(Binary)
    expect(
      byName('json.one')
        .map((d) => d.data instanceof Binary)
        .sort(),
    ).toEqual([false, true])
    expect(byName('json.one').find((d) => !(d.data instanceof Binary))!.data).toEqual(readable.data)
    await store.close()
  })
})
