// Shared set-up of the MongoDB benchmarks: a scratch database on the test server, the events
// both sides write or read, and the raw documents the baselines use.
import { randomBytes } from 'node:crypto'
import { type Event, newEvent, uuid } from '@goes/core'
import { Binary, type Db, MongoClient } from 'mongodb'

/** The server (GOES_MONGO_URL, else the harness's loopback FerretDB). */
export const MONGO_URL = process.env.GOES_MONGO_URL ?? 'mongodb://127.0.0.1:27017'

/** Connects and picks a fresh database; `drop()` removes it and closes the client. */
export async function benchDb(prefix: string): Promise<{ client: MongoClient; db: Db; drop(): Promise<void> }> {
  const client = await MongoClient.connect(MONGO_URL)
  const db = client.db(`${prefix}_${randomBytes(4).toString('hex')}`)
  return {
    client,
    db,
    async drop() {
      await db.dropDatabase()
      await client.close()
    },
  }
}

type ItemData = { title: string; n: number; tags: string[]; done: boolean }

/** `count` events of one aggregate, versions 1…count, with small JSON data. */
export function aggregateEvents(count: number, name = 'bench.list', id = uuid()): Event<string, ItemData>[] {
  return Array.from({ length: count }, (_, i) =>
    newEvent(
      i % 3 === 0 ? 'bench.item_added' : 'bench.item_renamed',
      { title: `item ${i}`, n: i, tags: ['a', 'b'], done: i % 2 === 0 },
      { aggregate: { name, id, version: i + 1 } },
    ),
  )
}

function uuidBinary(id: string): Binary {
  return new Binary(Buffer.from(id.replaceAll('-', ''), 'hex'), Binary.SUBTYPE_UUID)
}

/** What one writes with the raw driver: one document per event, data as an object. */
export function rawDoc(e: Event): Record<string, unknown> {
  return {
    _id: uuidBinary(e.id),
    name: e.name,
    time: e.timeNano,
    aggregateName: e.aggregate!.name,
    aggregateId: uuidBinary(e.aggregate!.id),
    version: e.aggregate!.version,
    data: e.data,
  }
}

/** The baselines' unique index: what makes a raw append conflict. */
export const RAW_INDEX = { aggregateName: 1, aggregateId: 1, version: 1 } as const
