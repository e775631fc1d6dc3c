import assert from 'node:assert/strict'
import type { Event } from '@goes/core'
import { show } from './random.js'

/**
 * The first place where two plain data values differ, as a path like `$.list[2].name`, or
 * undefined when they are equal. Structural: prototypes are not compared, so data decoded by a
 * driver (or in another realm) equals the data that was written. Numbers compare with
 * `Object.is`, so `1` never equals `'1'`.
 *
 * @internal
 */
export function dataDiff(actual: unknown, expected: unknown, path = '$'): string | undefined {
  if (Object.is(actual, expected)) return undefined
  const at = `${path}: expected ${preview(expected)}, got ${preview(actual)}`
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) return at
  if (Array.isArray(expected) !== Array.isArray(actual)) return at
  if (Array.isArray(expected)) {
    const a = actual as unknown[]
    if (a.length !== expected.length) return `${path}: expected an array of ${expected.length}, got ${a.length}`
    for (let i = 0; i < a.length; i++) {
      const d = dataDiff(a[i], expected[i], `${path}[${i}]`)
      if (d !== undefined) return d
    }
    return undefined
  }
  const ka = Object.keys(actual).sort()
  const ke = Object.keys(expected).sort()
  if (ka.join('\u0000') !== ke.join('\u0000')) return `${path}: expected keys ${show(ke)}, got ${show(ka)}`
  for (const k of ke) {
    const d = dataDiff((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${path}.${k}`)
    if (d !== undefined) return d
  }
  return undefined
}

function preview(v: unknown): string {
  const s = typeof v === 'bigint' ? `${v}n` : typeof v === 'string' ? JSON.stringify(v) : (show(v) ?? String(v))
  return s.length > 80 ? `${s.slice(0, 80)}…` : s
}

/**
 * Asserts that an event read back (from a store or a bus) is the event that was written: same
 * id, name, nanosecond time, aggregate and structurally equal data.
 *
 * @internal
 */
export function assertSameEvent(actual: Event, expected: Event, what: string): void {
  assert.equal(actual.id, expected.id, `${what}: id`)
  assert.equal(actual.name, expected.name, `${what}: name of ${expected.id}`)
  assert.equal(actual.timeNano, expected.timeNano, `${what}: timeNano of ${expected.id}`)
  assert.equal(actual.time.getTime(), expected.time.getTime(), `${what}: time of ${expected.id}`)
  const a = actual.aggregate
  const e = expected.aggregate
  if (e === undefined) assert.equal(a, undefined, `${what}: ${expected.id} has no aggregate, got ${show(a)}`)
  else {
    assert.ok(a !== undefined && a !== null, `${what}: aggregate of ${expected.id} is missing`)
    assert.deepEqual({ name: a.name, id: a.id, version: a.version }, e, `${what}: aggregate of ${expected.id}`)
  }
  const d = dataDiff(actual.data, expected.data)
  assert.equal(d, undefined, `${what}: data of ${expected.id} differs at ${d}`)
}

/** Asserts that `actual` holds exactly the ids of `expected`, each once (order ignored). @internal */
export function assertSameIds(actual: readonly Event[], expected: readonly Pick<Event, 'id'>[], what: string): void {
  const seen = new Set<string>()
  const dupes: string[] = []
  for (const e of actual) {
    if (seen.has(e.id)) dupes.push(e.id)
    seen.add(e.id)
  }
  assert.equal(dupes.length, 0, `${what}: ids returned more than once: ${dupes.slice(0, 5).join(', ')}`)
  const want = new Set(expected.map((e) => e.id))
  const missing = [...want].filter((id) => !seen.has(id))
  const extra = [...seen].filter((id) => !want.has(id))
  assert.ok(
    missing.length === 0 && extra.length === 0,
    `${what}: expected ${want.size} events, got ${actual.length}; ` +
      `missing ${missing.length} (${missing.slice(0, 3).join(', ')}), unexpected ${extra.length} (${extra.slice(0, 3).join(', ')})`,
  )
}
