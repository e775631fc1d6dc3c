import { GoesError } from '../errors/errors.js'
import { formatValue } from '../errors/format.js'

/** The nil UUID. goes rejects it wherever an id is required. @public */
export const NIL_UUID = '00000000-0000-0000-0000-000000000000'

// Random bytes come from a pool refilled once per 256 ids: one crypto.getRandomValues call
// costs about 5 µs on Node 20 whatever its size (up to 64 KiB), far more than the rest of uuid().
const POOL_SIZE = 4096
const pool = new Uint8Array(POOL_SIZE)
let poolPos = POOL_SIZE

// Hex digit character codes of the high and low nibble of each byte value.
const HI = new Uint8Array(256)
const LO = new Uint8Array(256)
for (let i = 0; i < 256; i++) {
  HI[i] = '0123456789abcdef'.charCodeAt(i >> 4)
  LO[i] = '0123456789abcdef'.charCodeAt(i & 15)
}
const DASH = 0x2d
const fromCharCode = String.fromCharCode

let lastMs = 0
let seq = 0

/**
 * Creates a new UUID (version 7: time-ordered, so ids created later sort later and database
 * indexes stay compact). Uses the global Web Crypto API; no Node module. Ids made by one
 * process are strictly increasing: within one millisecond a 12-bit counter orders them.
 *
 * @example
 * ```ts
 * const id = uuid() // '0192e3c4-8b1f-7c3a-9d2e-4f5a6b7c8d9e'
 * ```
 * @public
 */
export function uuid(): string {
  if (poolPos === POOL_SIZE) {
    crypto.getRandomValues(pool)
    poolPos = 0
  }
  const r = poolPos
  poolPos += 16
  let ms = Date.now()
  // Monotonic within one process: a 12-bit counter in rand_a for ids made in the same ms.
  if (ms <= lastMs) {
    seq++
    if (seq > 0xfff) {
      lastMs++
      seq = 0
    }
    ms = lastMs
  } else {
    lastMs = ms
    seq = pool[r]! & 0x07 // random start, leaves room to count up
  }
  const t0 = Math.floor(ms / 2 ** 40) & 0xff
  const t1 = Math.floor(ms / 2 ** 32) & 0xff
  const t2 = (ms >>> 24) & 0xff
  const t3 = (ms >>> 16) & 0xff
  const t4 = (ms >>> 8) & 0xff
  const t5 = ms & 0xff
  const v6 = 0x70 | (seq >>> 8)
  const v7 = seq & 0xff
  const v8 = (pool[r + 8]! & 0x3f) | 0x80 // the RFC 9562 variant
  const b9 = pool[r + 9]!
  const b10 = pool[r + 10]!
  const b11 = pool[r + 11]!
  const b12 = pool[r + 12]!
  const b13 = pool[r + 13]!
  const b14 = pool[r + 14]!
  const b15 = pool[r + 15]!
  // One call makes one flat string. Concatenating 2-character pieces instead builds a tree of
  // ~20 cons strings, which every later hash or comparison first has to flatten: more memory
  // and more time for whoever indexes the id.
  // biome-ignore format: one line per UUID group, not one per argument
  return fromCharCode(
    HI[t0]!, LO[t0]!, HI[t1]!, LO[t1]!, HI[t2]!, LO[t2]!, HI[t3]!, LO[t3]!, DASH,
    HI[t4]!, LO[t4]!, HI[t5]!, LO[t5]!, DASH,
    HI[v6]!, LO[v6]!, HI[v7]!, LO[v7]!, DASH,
    HI[v8]!, LO[v8]!, HI[b9]!, LO[b9]!, DASH,
    HI[b10]!, LO[b10]!, HI[b11]!, LO[b11]!, HI[b12]!, LO[b12]!, HI[b13]!, LO[b13]!, HI[b14]!, LO[b14]!, HI[b15]!, LO[b15]!,
  )
}

// 1 for the character codes of hex digits (either case): a table lookup per character, dashes
// checked first, measured ~15% faster than the equivalent regular expression.
const HEX = new Uint8Array(128)
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1

function hexRun(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i)
    if (c >= 128 || HEX[c] === 0) return false
  }
  return true
}

/** Reports whether `value` is a syntactically valid UUID string (any version, nil included). @public */
export function isUUID(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== 36) return false
  const s = value
  if (s.charCodeAt(8) !== DASH || s.charCodeAt(13) !== DASH || s.charCodeAt(18) !== DASH || s.charCodeAt(23) !== DASH) {
    return false
  }
  return hexRun(s, 0, 8) && hexRun(s, 9, 13) && hexRun(s, 14, 18) && hexRun(s, 19, 23) && hexRun(s, 24, 36)
}

/** Reports whether `value` is the nil UUID. @public */
export function isNilUUID(value: unknown): boolean {
  return value === NIL_UUID
}

/**
 * Throws a typed error unless `value` is a valid, non-nil UUID.
 *
 * @param what - names the value in the message, e.g. `'event id'`.
 * @throws {@link GoesError} `INVALID_UUID` or `NIL_UUID`.
 * @public
 */
export function assertUUID(value: unknown, what: string): asserts value is string {
  if (!isUUID(value)) {
    throw new GoesError(
      'INVALID_UUID',
      `${what} must be a UUID string like "0192e3c4-8b1f-7c3a-9d2e-4f5a6b7c8d9e", got ${formatValue(value)}. Create ids with uuid().`,
    )
  }
  if (value === NIL_UUID) {
    throw new GoesError(
      'NIL_UUID',
      `${what} is the nil UUID (${NIL_UUID}), which goes never accepts as an id. Create a real id with uuid().`,
    )
  }
}
