import assert from 'node:assert/strict'
import { type Event, type EventStore, newEvent } from '@goes/core'
import type { CaseDef } from '../../case.js'
import { HeapProbe } from '../../util/heap.js'
import type { StoreOptions } from '../options.js'

type Def = CaseDef<EventStore, StoreOptions>

const MB = 1024 * 1024
const BASE_TIME = 1_700_000_000_000_000_000n

/**
 * The streaming case. Inserts N events of ~`streamDataBytes` of data each, then iterates a
 * time-sorted query of all of them, reading every event's data, and samples the heap
 * (JS heap + ArrayBuffers) every N/20 events.
 *
 * The bound: materialising the result would hold at least N × data bytes of decoded data (the
 * strings alone, before any object overhead). The case asserts that the peak growth stays below
 * a quarter of that when a full GC can be forced before each sample (then the figure is retained
 * memory), or below half of it when it cannot (then garbage not yet collected counts too). The
 * defaults (200 000 × 1 KiB ≈ 195 MiB) give a bound of ≈ 49 MiB. Keep N × data bytes above ~50 MiB
 * for a meaningful measurement.
 *
 * An in-process store whose events share their data with what was inserted can pass while
 * materialising; the case is aimed at backends that decode each event as they read it.
 */
async function streams(store: EventStore, o: StoreOptions): Promise<void> {
  const n = o.streamEvents
  // The payload: the insert side may share one string; every decoding backend makes N copies.
  const pad = 'x'.repeat(Math.max(0, o.streamDataBytes - 40))
  for (let i = 0; i < n; i += o.insertBatch) {
    const batch: Event[] = []
    for (let j = i; j < Math.min(n, i + o.insertBatch); j++) {
      batch.push(newEvent('test.stream', { i: j, pad }, { time: BASE_TIME + BigInt(j) * 1000n }))
    }
    await store.insert(batch)
  }

  const probe = new HeapProbe()
  const every = Math.max(1, Math.floor(n / 20))
  let count = 0
  let firstId: string | undefined
  for await (const e of store.query({ names: ['test.stream'], sort: [{ by: 'time', dir: 'asc' }] })) {
    const data = e.data as { i: number; pad: string }
    if (data.i !== count) assert.fail(`streamed event #${count} has i=${data.i}: events are missing or out of order`)
    assert.equal(data.pad.length, pad.length, `streamed event #${count}: data size`)
    firstId ??= e.id
    if (++count % every === 0) probe.sample()
  }
  probe.sample()
  assert.equal(count, n, 'the streamed query must return every inserted event')

  const materialised = n * o.streamDataBytes
  const bound = probe.gc === null ? materialised / 2 : materialised / 4
  assert.ok(
    probe.peak < bound,
    `streaming ${n} events of ${o.streamDataBytes} B grew the heap by ${(probe.peak / MB).toFixed(1)} MiB at peak; ` +
      `materialising them takes ≥ ${(materialised / MB).toFixed(1)} MiB, and streaming must stay below ` +
      `${(bound / MB).toFixed(1)} MiB (${probe.gc === null ? 'no forced GC: half' : 'forced GC: a quarter'}). ` +
      'The store seems to buffer the whole result.',
  )

  // Breaking out of a big query early must work and leave the store usable.
  let seen = 0
  for await (const _ of store.query({ sort: [{ by: 'time', dir: 'desc' }] })) if (++seen === 5) break
  assert.equal(seen, 5, 'reading 5 events of a big query, then breaking out')
  const first = await store.find(firstId!)
  assert.equal((first.data as { i: number }).i, 0, 'find after breaking out of a big query')
}

export const streamCases: readonly Def[] = [
  {
    id: 'query.stream',
    title: (o) =>
      `a query over ${o.streamEvents} events of ${o.streamDataBytes} B streams: heap growth stays far below the result size`,
    weight: 10,
    skip: (o) => (o.streamEvents <= 0 ? 'options.streamEvents is 0' : undefined),
    body: streams,
  },
]
