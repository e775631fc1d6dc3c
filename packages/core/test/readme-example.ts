import {
  awaitEvents,
  CodecRegistry,
  isConsistencyError,
  MemoryBus,
  MemoryStore,
  newEvent,
  query,
  uuid,
  withBus,
} from '@goes/core'
import { z } from 'zod'

export async function example(log: (...values: unknown[]) => void = console.log): Promise<void> {
  // Codecs: JSON by default, validated on decode by any Standard Schema library (zod here).
  const codecs = new CodecRegistry().registerAll({
    'shop.order_placed': { schema: z.object({ total: z.number().positive() }) },
  })

  // A memory bus in codec mode behaves like a wire: data is encoded on publish and decoded
  // lazily — only when a subscriber reads it, at most once.
  const bus = new MemoryBus({ codecs })
  const store = withBus(new MemoryStore(), bus)

  const order = { name: 'shop.order', id: uuid(), version: 1 }
  const waiter = await awaitEvents(bus, ['shop.order_placed']) // subscribed: no race
  await store.insert([newEvent('shop.order_placed', { total: 42 }, { aggregate: order })])
  const [placed] = await waiter.events
  log(placed?.data) // { total: 42 }

  // Version 1 of this order exists: a second version 1 is a typed conflict, nothing is stored.
  try {
    await store.insert([newEvent('shop.order_placed', { total: 7 }, { aggregate: order })])
  } catch (err) {
    log(isConsistencyError(err)) // true
  }

  // Queries are plain data; results stream as an async iterable.
  const q = query().names('shop.order_placed').aggregate('shop.order', order.id).sortBy('time', 'desc').build()
  for await (const e of store.query(q)) log(e.aggregate?.version, e.data)
}
