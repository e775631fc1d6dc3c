// Heap measurement for streaming scenarios. A timer alone cannot sample a loop that only ever
// awaits already-settled promises (microtasks starve timers), so the workload also gets a
// `sample` callback to call from inside its loop.
import { getHeapStatistics } from 'node:v8'

/** Forces a full garbage collection when node runs with --expose-gc; otherwise does nothing. */
export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc
  if (g) {
    g()
    g()
  }
}

/** Bytes of live (and not yet collected) heap. */
export function heapUsed(): number {
  return getHeapStatistics().used_heap_size
}

/**
 * Runs `fn` and returns the peak heap growth in bytes over the heap after a full collection
 * just before it. The heap is sampled every `intervalMs` by a timer and whenever `fn` calls
 * `sample` — call it every few thousand items of a loop; it costs about a microsecond.
 *
 * @example
 * ```ts
 * const bytes = await peakHeapGrowth(async (sample) => {
 *   let n = 0
 *   for await (const _ of store.query()) if (++n % 4096 === 0) sample()
 * })
 * ```
 */
export async function peakHeapGrowth(
  fn: (sample: () => void) => Promise<void> | void,
  intervalMs = 5,
): Promise<number> {
  gc()
  const before = heapUsed()
  let peak = before
  const sample = (): void => {
    const used = heapUsed()
    if (used > peak) peak = used
  }
  const timer = setInterval(sample, intervalMs)
  try {
    await fn(sample)
  } finally {
    clearInterval(timer)
  }
  sample()
  return peak - before
}
