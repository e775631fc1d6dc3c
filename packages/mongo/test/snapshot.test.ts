import { jsonCodec, uuid } from '@goes/core'
import { integration } from '@goes-internal/services/integration'
import { Binary } from 'mongodb'
import { MongoSnapshotStore } from '../src/snapshot/index.js'
import { type ScratchDb, scratchDb, uniqueName } from './support/db.js'

const mongo = integration('mongo')

mongo.describe('MongoSnapshotStore storage', () => {
  let t: ScratchDb
  beforeAll(async () => {
    t = await scratchDb(mongo.url, 'goes_m2_snapst')
  })
  afterAll(async () => {
    await t?.drop()
  })

  const snap = (state: unknown, version = 1) => ({
    aggregateName: 'test.snap',
    aggregateId: uuid(),
    version,
    time: new Date(1_700_000_000_000),
    state,
  })

  it('keeps plain state as a readable BSON value and awkward state as JSON bytes; both round-trip', async () => {
    const store = new MongoSnapshotStore(t.db, { collection: uniqueName('s') })
    const plain = snap({ title: 'milk', items: [{ n: 1 }] })
    const dotted = snap({ 'a.b': 1, $where: 'x', nested: [[1, 2], []] })
    await store.save(plain)
    await store.save(dotted)
    const raw = await store.collection.find().toArray()
    const byId = new Map(raw.map((d) => [(d.i as Binary).toUUID().toHexString(), d]))
    expect(byId.get(plain.aggregateId)?.s).toEqual(plain.state)
    expect(byId.get(plain.aggregateId)?.j).toBeUndefined()
    expect(byId.get(dotted.aggregateId)?.j).toBeInstanceOf(Binary)
    expect((await store.latest(plain.aggregateName, plain.aggregateId))?.state).toEqual(plain.state)
    expect((await store.latest(dotted.aggregateName, dotted.aggregateId))?.state).toEqual(dotted.state)
  })

  it('with a codec, stores every state as the codec bytes', async () => {
    const store = new MongoSnapshotStore(t.db, { collection: uniqueName('s'), codec: jsonCodec })
    const s = snap({ title: 'milk' }, 3)
    await store.save(s)
    const [doc] = await store.collection.find().toArray()
    expect(doc?.j).toBeInstanceOf(Binary)
    expect(doc?.s).toBeUndefined()
    expect(await store.latest(s.aggregateName, s.aggregateId)).toEqual(s)
  })

  it('a state neither BSON nor JSON can carry is rejected with ENCODE_FAILED and stores nothing', async () => {
    const store = new MongoSnapshotStore(t.db, { collection: uniqueName('s') })
    const s = snap({ f: () => 1 })
    await expect(store.save(s)).rejects.toMatchObject({ code: 'ENCODE_FAILED' })
    expect(await store.latest(s.aggregateName, s.aggregateId)).toBeUndefined()
  })
})
