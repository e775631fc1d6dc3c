import { GoesError } from '../errors/errors.js'

/** The nil UUID. goes rejects it wherever an id is required. @public */
export const NIL_UUID = '00000000-0000-0000-0000-000000000000'

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

let lastMs = 0
let seq = 0

/**
 * Creates a new UUID (version 7: time-ordered, so ids created later sort later and database
 * indexes stay compact). Uses the global Web Crypto API; no Node module.
 *
 * @example
 * ```ts
 * const id = uuid() // '0192e3c4-8b1f-7c3a-9d2e-4f5a6b7c8d9e'
 * ```
 * @public
 */
export function uuid(): string {
  const bytes = new Uint8Array(16)
  crypto.getRandomValues(bytes)
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
    seq = bytes[6]! & 0x07 // random start, leaves room to count up
  }
  bytes[0] = Math.floor(ms / 2 ** 40) & 0xff
  bytes[1] = Math.floor(ms / 2 ** 32) & 0xff
  bytes[2] = (ms >>> 24) & 0xff
  bytes[3] = (ms >>> 16) & 0xff
  bytes[4] = (ms >>> 8) & 0xff
  bytes[5] = ms & 0xff
  bytes[6] = 0x70 | ((seq >>> 8) & 0x0f)
  bytes[7] = seq & 0xff
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  let s = ''
  for (let i = 0; i < 16; i++) {
    s += HEX[bytes[i]!]
    if (i === 3 || i === 5 || i === 7 || i === 9) s += '-'
  }
  return s
}

/** Reports whether `value` is a syntactically valid UUID string (any version, nil included). @public */
export function isUUID(value: unknown): value is string {
  return typeof value === 'string' && value.length === 36 && UUID_RE.test(value)
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
      `${what} must be a UUID string like "0192e3c4-8b1f-7c3a-9d2e-4f5a6b7c8d9e", got ${describe(value)}. Create ids with uuid().`,
    )
  }
  if (value === NIL_UUID) {
    throw new GoesError(
      'NIL_UUID',
      `${what} is the nil UUID (${NIL_UUID}), which goes never accepts as an id. Create a real id with uuid().`,
    )
  }
}

/** Short, safe description of a bad value for error messages. @internal */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)
  if (value === null) return 'null'
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object'
  return `${typeof value} ${String(value)}`
}
