import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

let cachedGc: (() => void) | null | undefined

/**
 * A function that forces a full garbage collection, or null when the runtime refuses. Uses
 * `globalThis.gc` when node runs with `--expose-gc`; otherwise switches the flag on at run time
 * and takes `gc` from a fresh context — a well-known V8 switch that works in node ≥ 12.
 *
 * @internal
 */
export function forceGc(): (() => void) | null {
  if (cachedGc !== undefined) return cachedGc
  const g = (globalThis as { gc?: unknown }).gc
  if (typeof g === 'function') return (cachedGc = g as () => void)
  try {
    setFlagsFromString('--expose-gc')
    const fromContext = runInNewContext('gc') as unknown
    cachedGc = typeof fromContext === 'function' ? (fromContext as () => void) : null
  } catch {
    cachedGc = null
  }
  return cachedGc
}

/** Bytes in use by JS objects plus ArrayBuffers (where drivers keep raw documents). @internal */
export function heapBytes(): number {
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}

/**
 * Measures heap growth over a baseline. With a forced GC before each sample the figure is the
 * memory *retained* (what materialising a result would show), not garbage awaiting collection.
 *
 * @internal
 */
export class HeapProbe {
  readonly gc = forceGc()
  private readonly base: number
  /** Largest growth seen, in bytes. */
  peak = 0

  constructor() {
    this.gc?.()
    this.base = heapBytes()
  }

  sample(): number {
    this.gc?.()
    const growth = heapBytes() - this.base
    if (growth > this.peak) this.peak = growth
    return growth
  }
}
