// memory-store-stream-1m: a streamed query of all of 1M events in a MemoryStore, drained with
// for await. One op = one event received. heap_mb is the peak heap growth during one such
// query over the heap right before it (after a full GC): a streaming store keeps it flat
// however many events it holds (FND-4 asks for < 100 MB).
// Baseline: for..of over a plain array of the same 1M events.
import { batches, expectCount, peakHeapGrowth, scenario } from '@goes-internal/bench'
import { type Event, MemoryStore } from '../src/index.js'
import { makeEvents } from './events.js'

const COUNT = 1_000_000
const MB = 1024 * 1024
const events = makeEvents(COUNT)
const store = new MemoryStore()
for (const batch of batches(events, 1000)) await store.insert(batch)

// Both sides read every event's data (so neither loop can be optimised away) into a checksum
// that must come out as 0 + 1 + … + (COUNT - 1).
const EXPECTED_SUM = (COUNT * (COUNT - 1)) / 2
const read = (e: Event): number => (e.data as { n: number }).n
let handled = 0
let sum = 0
const check = (): void => {
  expectCount('memory-store-stream-1m', handled, COUNT)
  if (sum !== EXPECTED_SUM) throw new Error(`memory-store-stream-1m: checksum ${sum}, expected ${EXPECTED_SUM}.`)
}

const heapMb =
  (await peakHeapGrowth(async (sample) => {
    let n = 0
    let s = 0
    for await (const e of store.query()) {
      s += read(e)
      if ((++n & 4095) === 0) sample()
    }
    handled = n
    sum = s
  })) / MB
check()

await scenario(
  'memory-store-stream-1m',
  async () => {
    let n = 0
    let s = 0
    for await (const e of store.query()) {
      s += read(e)
      n++
    }
    handled = n
    sum = s
  },
  () => {
    let n = 0
    let s = 0
    for (const e of events) {
      s += read(e)
      n++
    }
    handled = n
    sum = s
  },
  {
    ops: COUNT,
    rounds: 3,
    teardown: check,
    extra: () => ({ heap_mb: heapMb }),
  },
)
