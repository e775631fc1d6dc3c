// MGO-4's writer: inserts batches through the outbox store, reporting each insert, on a bus
// whose publish never returns — so the process is always "between insert and publish" when
// the test kills it with SIGKILL.
import { type Event, type EventBus, newEvent, uuid } from '@goes/core'
import { MongoClient } from 'mongodb'
import { MongoStore, outboxStore } from '../../src/index.js'

const stuckBus: EventBus = {
  publish: () => new Promise<void>(() => undefined),
  subscribe: () => Promise.reject(new Error('not used')),
}

const client = await MongoClient.connect(process.env.MONGO_URL!)
const db = client.db(process.env.MONGO_DB!)
const store = outboxStore(new MongoStore(db, { outbox: true }), stuckBus, {
  pollMs: 20,
  claimTtlMs: Number(process.env.CLAIM_TTL_MS),
})
const aggregates = Array.from({ length: 4 }, () => ({ name: 'test.outbox', id: uuid(), version: 0 }))
console.log(JSON.stringify({ type: 'ready' }))
for (let round = 0; ; round++) {
  const a = aggregates[round % aggregates.length]!
  const batch: Event[] = []
  for (let i = 0; i < 3; i++) {
    a.version++
    batch.push(
      newEvent('test.outbox_item', { round, i }, { aggregate: { name: a.name, id: a.id, version: a.version } }),
    )
  }
  if (round % 5 === 4) batch.push(newEvent('test.outbox_loose', { round })) // an aggregate-less event too
  await store.insert(batch)
  console.log(JSON.stringify({ type: 'inserted', ids: batch.map((e) => e.id) }))
}
