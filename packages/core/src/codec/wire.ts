import { GoesError } from '../errors/errors.js'

// Byte-level helpers of the envelope format: unsigned LEB128 varints, UTF-8 strings and
// binary UUIDs. Readers throw `MALFORMED_MESSAGE` naming the field; writers assume the caller
// computed the exact size first (so an envelope is one allocation, no growing buffer).

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })
const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
const MAX_VARINT_BYTES = 8 // 56 bits hold every safe integer (53 bits)

/** Throws the envelope error; `defect` completes "The message …". @internal */
export function malformed(defect: string, cause?: unknown): never {
  throw new GoesError(
    'MALFORMED_MESSAGE',
    `Cannot decode the message: ${defect}. Only envelopes made by encodeEnvelope() (format 1) can be decoded; check what publishes to this bus.`,
    cause === undefined ? undefined : { cause },
  )
}

/** Number of bytes of `n` (a safe integer ≥ 0) as a varint. @internal */
export function varintSize(n: number): number {
  let size = 1
  while (n >= 0x80) {
    n = Math.floor(n / 0x80)
    size++
  }
  return size
}

/** UTF-8 length of `s`; throws `INVALID_NAME` for a lone surrogate, which UTF-8 cannot carry. @internal */
export function utf8Size(s: string, what: string): number {
  let size = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) size += 1
    else if (c < 0x800) size += 2
    else if (c < 0xd800 || c > 0xdfff) size += 3
    else if (c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      size += 4
      i++
    } else {
      throw new GoesError(
        'INVALID_NAME',
        `The ${what} ${JSON.stringify(s)} contains a lone UTF-16 surrogate, which cannot be sent over a wire. Use well-formed text.`,
      )
    }
  }
  return size
}

// '0'–'9' → 0–9, 'a'–'f' → 10–15 (input already validated as lowercase hex).
function nibble(c: number): number {
  return c <= 0x39 ? c - 0x30 : c - 0x57
}

/** Sequential writer into a buffer of known size. @internal */
export class Writer {
  readonly bytes: Uint8Array
  readonly view: DataView
  pos = 0

  constructor(size: number) {
    this.bytes = new Uint8Array(size)
    this.view = new DataView(this.bytes.buffer)
  }

  u8(n: number): void {
    this.bytes[this.pos++] = n
  }

  varint(n: number): void {
    while (n >= 0x80) {
      this.bytes[this.pos++] = (n % 0x80) | 0x80
      n = Math.floor(n / 0x80)
    }
    this.bytes[this.pos++] = n
  }

  /** Writes `s` prefixed with its UTF-8 length `size`. */
  string(s: string, size: number): void {
    this.varint(size)
    if (size === s.length) {
      for (let i = 0; i < size; i++) this.bytes[this.pos + i] = s.charCodeAt(i)
    } else {
      encoder.encodeInto(s, this.bytes.subarray(this.pos, this.pos + size))
    }
    this.pos += size
  }

  /** Writes a lowercase canonical UUID (checked by the caller) as 16 bytes. */
  uuid(id: string): void {
    for (let i = 0; i < 36; i += 2) {
      if (i === 8 || i === 13 || i === 18 || i === 23) i++
      this.bytes[this.pos++] = (nibble(id.charCodeAt(i)) << 4) | nibble(id.charCodeAt(i + 1))
    }
  }

  i64(n: bigint): void {
    this.view.setBigInt64(this.pos, n)
    this.pos += 8
  }

  raw(data: Uint8Array): void {
    this.bytes.set(data, this.pos)
    this.pos += data.length
  }
}

/** Sequential reader; every read checks bounds and names the field it was reading. @internal */
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
    let n = 0
    let scale = 1
    for (let i = 0; i < MAX_VARINT_BYTES; i++) {
      const b = this.u8(field)
      n += (b & 0x7f) * scale
      if (b < 0x80) {
        if (b === 0 && i > 0) malformed(`the ${field} is not minimally encoded`)
        if (!Number.isSafeInteger(n)) malformed(`the ${field} is too large`)
        return n
      }
      scale *= 0x80
    }
    return malformed(`the ${field} is too long (more than ${MAX_VARINT_BYTES} bytes)`)
  }

  string(field: string): string {
    const size = this.varint(`length of the ${field}`)
    this.#need(size, field)
    const start = this.pos
    this.pos += size
    // Names are short and mostly ASCII: a plain loop beats a TextDecoder call.
    if (size <= 64) {
      let s = ''
      let i = start
      for (; i < start + size; i++) {
        const b = this.bytes[i]!
        if (b >= 0x80) break
        s += String.fromCharCode(b)
      }
      if (i === start + size) return s
    }
    try {
      return decoder.decode(this.bytes.subarray(start, start + size))
    } catch (err) {
      return malformed(`the ${field} is not valid UTF-8`, err)
    }
  }

  /** Reads 16 bytes as a lowercase UUID string. */
  uuid(field: string): string {
    this.#need(16, field)
    let s = ''
    for (let i = 0; i < 16; i++) {
      s += HEX[this.bytes[this.pos++]!]
      if (i === 3 || i === 5 || i === 7 || i === 9) s += '-'
    }
    return s
  }

  i64(field: string): bigint {
    this.#need(8, field)
    const b = this.bytes
    const view = new DataView(b.buffer, b.byteOffset + this.pos, 8)
    this.pos += 8
    return view.getBigInt64(0)
  }

  /** The next `size` bytes, without copying. */
  slice(size: number, field: string): Uint8Array {
    this.#need(size, field)
    const out = this.bytes.subarray(this.pos, this.pos + size)
    this.pos += size
    return out
  }
}
