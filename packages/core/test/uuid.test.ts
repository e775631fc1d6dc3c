import { assertUUID, isGoesError, isUUID, NIL_UUID, uuid } from '../src/index.js'

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

function codeOf(fn: () => void): string | undefined {
  try {
    fn()
  } catch (err) {
    return isGoesError(err) ? err.code : `untyped: ${String(err)}`
  }
  return undefined
}

describe('uuid', () => {
  it('makes version 7 ids whose first 48 bits are the current Unix time in ms', () => {
    const before = Date.now()
    const id = uuid()
    const after = Date.now()
    expect(id).toMatch(V7)
    const ms = Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)
    // Ids made in one ms may run ahead of the clock by the counter overflow only; allow a little.
    expect(ms).toBeGreaterThanOrEqual(before)
    expect(ms).toBeLessThanOrEqual(after + 50)
  })

  it('makes strictly increasing, distinct ids across many pool refills and counter overflows', () => {
    // 20k ids: far more than one random pool holds (256) and, on a fast machine, more than the
    // 4096 a millisecond's counter holds, so both refills and overflows happen.
    const ids = Array.from({ length: 20_000 }, () => uuid())
    for (let i = 1; i < ids.length; i++) {
      if (!(ids[i]! > ids[i - 1]!)) throw new Error(`uuid() went backwards: ${ids[i - 1]} then ${ids[i]}`)
    }
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) if (!V7.test(id)) throw new Error(`not a v7 UUID: ${id}`)
  })

  it('varies its random bits: the 62 bits after the variant differ between ids', () => {
    const tails = new Set(Array.from({ length: 1000 }, () => uuid().slice(19)))
    expect(tails.size).toBe(1000)
  })
})

describe('isUUID and assertUUID', () => {
  it('accepts UUIDs of any version and case, the nil UUID included', () => {
    expect(isUUID(uuid())).toBe(true)
    expect(isUUID(uuid().toUpperCase())).toBe(true)
    expect(isUUID('0192E3C4-8b1f-4c3a-9d2e-4f5a6b7c8d9e')).toBe(true)
    expect(isUUID(NIL_UUID)).toBe(true)
  })

  it('rejects everything else', () => {
    const id = uuid()
    const bad: unknown[] = [
      undefined,
      null,
      42,
      {},
      '',
      id.slice(1),
      `${id}0`,
      id.replace(/-/g, ''),
      `${id.slice(0, 8)}0${id.slice(9)}`, // a digit where a dash belongs
      `${id.slice(0, 7)}-${id.slice(8)}`, // a dash where a digit belongs
      `${id.slice(0, 35)}g`,
      `${id.slice(0, 35)}\u0130`, // a non-ASCII character
      `${id.slice(0, 35)}\u0661`, // a non-ASCII digit
      ` ${id.slice(1)}`,
    ]
    for (const value of bad) expect([value, isUUID(value)]).toEqual([value, false])
  })

  it('assertUUID throws INVALID_UUID or NIL_UUID, naming the value', () => {
    expect(codeOf(() => assertUUID(uuid(), 'id'))).toBeUndefined()
    expect(codeOf(() => assertUUID('nope', 'the thing'))).toBe('INVALID_UUID')
    expect(codeOf(() => assertUUID(NIL_UUID, 'the thing'))).toBe('NIL_UUID')
    expect(() => assertUUID('nope', 'the thing')).toThrow(/the thing/)
  })
})
