// MGO-3's writer process: several loops append 5-event batches, each spanning two aggregates
// (2 events of one, 3 of another) of a small shared set, as fast as they can. Loops race on the
// same aggregates, so a batch often loses in its middle: the server then keeps its first
// documents until the writer removes them — the window a SIGKILL from the test lands in. Each
// event carries DATA_BYTES of data, which makes the server's inserts (and the windows) longer.
import { type Event, isConsistencyError, newEvent } from '@goes/core'
import { MongoClient } from 'mongodb'
import { MongoStore } from '../../src/index.js'

const env = process.env
const aggregateIds = env.AGGREGATE_IDS!.split(',')
const pad = 'x'.repeat(Number(env.DATA_BYTES ?? 20_000))
const LOOPS = Number(env.LOOPS ?? 4)

const client = await MongoClient.connect(env.MONGO_URL!)
const store = new MongoStore(client.db(env.MONGO_DB!), {
  collection: env.COLLECTION!,
  abandonAfter: Number(env.ABANDON_AFTER_MS ?? 1500),
  transactions: 'never',
})
await store.ready()

async function lastVersion(id: string): Promise<number> {
  let v = 0
  const q = {
    aggregates: [{ name: 'mgo3.agg', id }],
    sort: [{ by: 'aggregateVersion' as const, dir: 'desc' as const }],
  }
  for await (const e of store.query(q)) {
    v = e.aggregate!.version
    break
  }
  return v
}

function pick(n: number): [string, string] {
  const a = Math.floor(Math.random() * n)
  const b = (a + 1 + Math.floor(Math.random() * (n - 1))) % n
  return [aggregateIds[a]!, aggregateIds[b]!]
}

async function loop(k: number): Promise<void> {
  for (let round = 0; ; round++) {
    const [first, second] = pick(aggregateIds.length)
    const [v1, v2] = await Promise.all([lastVersion(first), lastVersion(second)])
    const batch: Event[] = []
    for (let i = 0; i < 2; i++) {
      batch.push(
        newEvent(
          'mgo3.appended',
          { k, round, i, pad },
          { aggregate: { name: 'mgo3.agg', id: first, version: v1 + 1 + i } },
        ),
      )
    }
    for (let i = 0; i < 3; i++) {
      batch.push(
        newEvent(
          'mgo3.appended',
          { k, round, i: 2 + i, pad },
          { aggregate: { name: 'mgo3.agg', id: second, version: v2 + 1 + i } },
        ),
      )
    }
    try {
      await store.insert(batch)
      process.stdout.write(`${JSON.stringify({ inserted: batch.map((e) => e.id) })}\n`)
    } catch (err) {
      if (!isConsistencyError(err)) throw err
      await new Promise((r) => setTimeout(r, Math.random() * 20))
    }
  }
}

process.stdout.write(`${JSON.stringify({ ready: true })}\n`)
await Promise.all(Array.from({ length: LOOPS }, (_, k) => loop(k)))
