import { ALL_EVENTS, MemoryBus, newEvent, uuid } from '@goes/core'
import { MongoJsonView, MongoStore, OutboxRelay, outboxStore } from '@goes/mongo'
import { MongoClient } from 'mongodb'

export async function outboxExample(url: string, database: string, log: (...values: unknown[]) => void) {
  const client = await MongoClient.connect(url)
  const db = client.db(database)
  const bus = new MemoryBus() // in production: a NATS or Pub/Sub bus

  // Writers insert through the outbox: stored with an "unpublished" marker, published by a relay.
  const store = outboxStore(new MongoStore(db, { outbox: true }), bus)
  const seen = await bus.subscribe(ALL_EVENTS)

  const list = { name: 'todo.list', id: uuid(), version: 1 }
  const added = newEvent('todo.task_added', { title: 'milk' }, { aggregate: list })
  await store.insert([added])
  for await (const e of seen) {
    log('published', e.name) // once the relay published it
    break
  }

  // Any other process runs relays too: they publish what a crashed writer left unpublished.
  const relay = new OutboxRelay(new MongoStore(db, { outbox: true }), bus)
  await relay.start()
  log('relay wakes on', relay.wakesOn)

  // A readable copy of every event, for Compass: stored ones at start, then from the bus.
  const view = new MongoJsonView(db, store, bus)
  await view.start()
  const copy = await view.collection.findOne({ _id: added.id })
  log(copy?.name, copy?.aggregateVersion, copy?.data)

  await view.close()
  await relay.close()
  await store.close()
  await client.close()
}
