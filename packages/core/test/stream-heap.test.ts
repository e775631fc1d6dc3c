import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { type Event, MemoryStore, type Query } from '../src/index.js'

const COUNT = 1_000_000
const MB = 1024 * 1024

/** A full GC: the exposed `gc` when node runs with --expose-gc, else one obtained at runtime. */
function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc
  if (typeof exposed === 'function') return exposed
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

/** Small, valid events built without per-event randomness, so the test spends its time on the store. */
function smallEvents(count: number): Event[] {
  const time = new Date(1_700_000_000_000)
  const base = 1_700_000_000_000_000_000n
  const out: Event[] = new Array(count)
  for (let i = 0; i < count; i++) {
    const id = `00000000-0000-7000-8000-${(i + 1).toString(16).padStart(12, '0')}`
    out[i] = { id, name: i % 2 === 0 ? 'heap.even' : 'heap.odd', time, timeNano: base + BigInt(i), data: null }
  }
  return out
}

/** Iterates the whole query, sampling heapUsed every 4096 events; returns count and peak growth. */
async function streamAll(store: MemoryStore, q: Query, gc: () => void) {
  gc()
  gc()
  const before = process.memoryUsage().heapUsed
  let peak = before
  let n = 0
  let lastTime = -1n
  let inOrder = true
  for await (const e of store.query(q)) {
    if (e.timeNano < lastTime) inOrder = false
    lastTime = e.timeNano
    if ((++n & 4095) === 0) peak = Math.max(peak, process.memoryUsage().heapUsed)
  }
  peak = Math.max(peak, process.memoryUsage().heapUsed)
  return { n, growthMb: (peak - before) / MB, inOrder }
}

describe('memory store streaming', () => {
  const store = new MemoryStore()
  const gc = collector()

  beforeAll(async () => {
    const events = smallEvents(COUNT)
    for (let i = 0; i < COUNT; i += 1000) await store.insert(events.slice(i, i + 1000))
  })

  it('FND-4: a query streaming 1M events from the memory store keeps heap growth under 100 MB', async () => {
    expect(store.size).toBe(COUNT)
    const { n, growthMb } = await streamAll(store, {}, gc)
    expect(n).toBe(COUNT)
    expect(growthMb).toBeLessThan(100)
  })

  it('FND-4 (sorted and filtered): a time-sorted query of 1M events also stays under 100 MB', async () => {
    const { n, growthMb, inOrder } = await streamAll(
      store,
      { names: ['heap.even', 'heap.odd'], sort: [{ by: 'time', dir: 'asc' }] },
      gc,
    )
    expect(n).toBe(COUNT)
    expect(inOrder).toBe(true)
    expect(growthMb).toBeLessThan(100)
  })
})
