import type { Event } from './event.js'

/**
 * Structural equality of two events: same id, name, time, aggregate and deeply equal data.
 * Reads `data`, so lazily decoded events get decoded.
 *
 * @public
 */
export function eventsEqual(a: Event, b: Event): boolean {
  if (a === b) return true
  if (a.id !== b.id || a.name !== b.name || a.timeNano !== b.timeNano) return false
  const x = a.aggregate
  const y = b.aggregate
  if (x === undefined || y === undefined) {
    if (x !== y) return false
  } else if (x.name !== y.name || x.id !== y.id || x.version !== y.version) return false
  return deepEqual(a.data, b.data)
}

/** Deep structural equality of plain data (objects, arrays, Dates, typed arrays, Maps, Sets). @public */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false
  if (a instanceof Date) return a.getTime() === (b as Date).getTime()
  if (ArrayBuffer.isView(a)) {
    const u = new Uint8Array(a.buffer, a.byteOffset, a.byteLength)
    const v = b as ArrayBufferView
    const w = new Uint8Array(v.buffer, v.byteOffset, v.byteLength)
    return u.length === w.length && u.every((byte, i) => byte === w[i])
  }
  if (Array.isArray(a)) {
    const bb = b as unknown[]
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]))
  }
  if (a instanceof Map) {
    const bm = b as Map<unknown, unknown>
    if (a.size !== bm.size) return false
    for (const [k, v] of a) if (!bm.has(k) || !deepEqual(v, bm.get(k))) return false
    return true
  }
  if (a instanceof Set) {
    const bs = b as Set<unknown>
    if (a.size !== bs.size) return false
    for (const v of a) if (!bs.has(v)) return false
    return true
  }
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  if (ka.length !== kb.length) return false
  for (const k of ka) {
    if (!Object.hasOwn(b, k)) return false
    if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false
  }
  return true
}
