import { GoesError } from '../errors/errors.js'
import { assertName } from '../event/validate.js'
import { readVarint, VARINT_TRUNCATED, varintDefect, varintSize } from './varint.js'

// Reading side of the envelope format (see envelope.ts). Every read checks bounds and throws
// MALFORMED_MESSAGE naming the field, so no input can make decoding crash or read garbage.

const decoder = new TextDecoder('utf-8', { fatal: true })
// A UUID's characters are ASCII, for which latin1 decoding is the same and measured ~100 ns
// cheaper per id than UTF-8 decoding (no validation pass).
const asciiDecoder = new TextDecoder('latin1')
const scratch8 = new DataView(new ArrayBuffer(8))
const scratch8Bytes = new Uint8Array(scratch8.buffer)
// A UUID's 36 characters are assembled in one buffer and turned into a flat string by one
// TextDecoder call: measured faster than 20 string concatenations or String.fromCharCode.
const uuidChars = new Uint8Array(36).fill(0x2d) // '-' stays at 8, 13, 18, 23
const UUID_POS = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34]
const HEX_CHARS = new Uint8Array(512)
for (let i = 0; i < 256; i++) {
  const hex = i.toString(16).padStart(2, '0')
  HEX_CHARS[2 * i] = hex.charCodeAt(0)
  HEX_CHARS[2 * i + 1] = hex.charCodeAt(1)
}

// Event and aggregate names repeat from message to message: decoding (a TextDecoder call) and
// validating (regular expressions) them once, keyed by a hash of their bytes, saves both.
// Only valid names are cached; the cache is dropped when full, so it cannot grow unbounded.
const NAME_CACHE_SIZE = 1024
const names = new Map<number, { bytes: Uint8Array; name: string }>()

/** Throws the envelope error; `defect` completes "Cannot decode the message: …". @internal */
export function malformed(defect: string, cause?: unknown): never {
  throw new GoesError(
    'MALFORMED_MESSAGE',
    `Cannot decode the message: ${defect}. Only envelopes made by encodeEnvelope() (format 1) can be decoded; check what publishes to this bus.`,
    cause === undefined ? undefined : { cause },
  )
}

/** Sequential reader over one message. @internal */
export class Reader {
  readonly bytes: Uint8Array
  pos = 0

  constructor(bytes: Uint8Array) {
    this.bytes = bytes
  }

  #need(n: number, field: string): void {
    if (this.bytes.length - this.pos < n) {
      malformed(`it is truncated: it ends after ${this.bytes.length} bytes, inside the ${field}`)
    }
  }

  u8(field: string): number {
    this.#need(1, field)
    return this.bytes[this.pos++]!
  }

  varint(field: string): number {
    const n = readVarint(this.bytes, this.pos)
    if (n >= 0) {
      this.pos += n < 0x80 ? 1 : varintSize(n)
      return n
    }
    if (n === VARINT_TRUNCATED) this.#need(this.bytes.length - this.pos + 1, field)
    return malformed(`the ${field} ${varintDefect(n)}`)
  }

  /** Reads a text field; `lengthField` names its length prefix (no string building per read). */
  string(field: string, lengthField: string): string {
    const size = this.varint(lengthField)
    this.#need(size, field)
    const start = this.pos
    this.pos += size
    try {
      return decoder.decode(this.bytes.subarray(start, start + size))
    } catch (err) {
      return malformed(`the ${field} is not valid UTF-8`, err)
    }
  }

  /** Reads a text field that must be a valid name (see assertName), through the name cache. */
  name(field: string, lengthField: string): string {
    const size = this.varint(lengthField)
    this.#need(size, field)
    const b = this.bytes
    const start = this.pos
    const end = start + size
    let hash = 0x811c9dc5 ^ size // FNV-1a
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ b[i]!, 0x01000193)
    const hit = names.get(hash)
    if (hit !== undefined && hit.bytes.length === size) {
      let same = true
      for (let i = 0; i < size; i++) {
        if (hit.bytes[i] !== b[start + i]) {
          same = false
          break
        }
      }
      if (same) {
        this.pos = end
        return hit.name
      }
    }
    this.pos = start - varintSize(size)
    const name = this.string(field, lengthField)
    try {
      assertName(name, field)
    } catch (err) {
      malformed(`the ${field} is invalid (${(err as Error).message})`, err)
    }
    if (names.size >= NAME_CACHE_SIZE) names.clear()
    names.set(hash, { bytes: b.slice(start, end), name })
    return name
  }

  /** Reads 16 bytes as a lowercase UUID string. */
  uuid(field: string): string {
    this.#need(16, field)
    for (let i = 0; i < 16; i++) {
      const hex = this.bytes[this.pos++]! * 2
      const at = UUID_POS[i]!
      uuidChars[at] = HEX_CHARS[hex]!
      uuidChars[at + 1] = HEX_CHARS[hex + 1]!
    }
    return asciiDecoder.decode(uuidChars)
  }

  /**
   * Reads a signed 64-bit count of nanoseconds; also sets {@link ms} to its floor in
   * milliseconds, computed from the two 32-bit halves without bigint arithmetic.
   */
  i64(field: string): bigint {
    this.#need(8, field)
    const b = this.bytes
    const p = this.pos
    for (let i = 0; i < 8; i++) scratch8Bytes[i] = b[p + i]!
    this.pos = p + 8
    // ns = hi·2^32 + lo = hi·4294·10^6 + (hi·967296 + lo); the parenthesis stays below 2^53.
    const hi = scratch8.getInt32(0)
    const lo = scratch8.getUint32(4)
    this.ms = hi * 4294 + Math.floor((hi * 967296 + lo) / 1e6)
    return scratch8.getBigInt64(0)
  }

  /** Milliseconds of the last {@link i64} read. */
  ms = 0

  /** Steps over the next `size` bytes (bounds-checked) and returns where they start. */
  skip(size: number, field: string): number {
    this.#need(size, field)
    const start = this.pos
    this.pos = start + size
    return start
  }
}
