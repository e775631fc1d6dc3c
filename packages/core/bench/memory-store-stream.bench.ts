// memory-store-stream-1m: a streamed query of all of 1M events in a MemoryStore, drained with
// for await. One op = one event received. heap_mb is the peak heap growth during one such
// query over the heap right before it (after a full GC): a streaming store keeps it flat
// however many events it holds (FND-4 asks for < 100 MB).
// Baseline: for..of over a plain array of the same 1M events.
import { gc, heapUsed, peakHeapGrowth, scenario } from '@goes-internal/bench'
import { MemoryStore } from '../src/index.js'
import { batches, expectCount, makeEvents } from './events.js'

const COUNT = 1_000_000
const MB = 1024 * 1024
const events = makeEvents(COUNT)
const store = new MemoryStore()
gc()
const heapBeforeInsert = heapUsed()
for (const batch of batches(events, 1000)) await store.insert(batch)
gc()
const storeMb = (heapUsed() - heapBeforeInsert) / MB

let handled = 0

const heapMb =
  (await peakHeapGrowth(async (sample) => {
    let n = 0
    for await (const _ of store.query()) if ((++n & 4095) === 0) sample()
    handled = n
  })) / MB
expectCount('memory-store-stream-1m', handled, COUNT)

await scenario(
  'memory-store-stream-1m',
  async () => {
    let n = 0
    for await (const _ of store.query()) n++
    handled = n
  },
  () => {
    let n = 0
    for (const _ of events) n++
    handled = n
  },
  {
    ops: COUNT,
    rounds: 3,
    teardown: () => expectCount('memory-store-stream-1m', handled, COUNT),
    extra: () => ({ heap_mb: heapMb, store_mb: storeMb }),
  },
)
