import { copyBytes } from '../../codec/pool.js'
import {
  MAX_VARINT_BYTES,
  readVarint,
  VARINT_TRUNCATED,
  varintDefect,
  varintSize,
  writeVarint,
} from '../../codec/varint.js'
import { GoesError } from '../../errors/errors.js'

// Byte-level writer and reader of the protocol codec (protocol-codec.ts): text and byte fields
// are prefixed with their length as a varint (unsigned LEB128), numbers are float64 big-endian.

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

/**
 * Appends fields to a growing scratch buffer; `finish()` copies the result out. One writer can
 * serve every (synchronous) encode: `reset()` starts over without reallocating. @internal
 */
export class ByteWriter {
  #buf = new Uint8Array(256)
  #view = new DataView(this.#buf.buffer)
  #pos = 0

  reset(): this {
    this.#pos = 0
    return this
  }

  #room(n: number): void {
    if (this.#pos + n <= this.#buf.length) return
    let size = this.#buf.length * 2
    while (size < this.#pos + n) size *= 2
    const next = new Uint8Array(size)
    next.set(this.#buf.subarray(0, this.#pos))
    this.#buf = next
    this.#view = new DataView(next.buffer)
  }

  u8(n: number): void {
    this.#room(1)
    this.#buf[this.#pos++] = n
  }

  varint(n: number): void {
    this.#room(MAX_VARINT_BYTES)
    this.#pos = writeVarint(this.#buf, this.#pos, n)
  }

  f64(n: number): void {
    this.#room(8)
    this.#view.setFloat64(this.#pos, n)
    this.#pos += 8
  }

  text(s: string): void {
    // A UTF-16 unit takes at most 3 UTF-8 bytes: reserve that much, then write the real length.
    this.#room(8 + s.length * 3)
    const { written } = encoder.encodeInto(s, this.#buf.subarray(this.#pos + 1))
    if (written < 0x80) {
      this.#buf[this.#pos] = written
      this.#pos += 1 + written
      return
    }
    const body = this.#buf.slice(this.#pos + 1, this.#pos + 1 + written)
    this.varint(written)
    this.#buf.set(body, this.#pos)
    this.#pos += written
  }

  bytes(b: Uint8Array): void {
    this.varint(b.length)
    this.#room(b.length)
    this.#buf.set(b, this.#pos)
    this.#pos += b.length
  }

  finish(): Uint8Array {
    return copyBytes(this.#buf.subarray(0, this.#pos))
  }
}

/** Throws the error of undecodable protocol bytes. @internal */
export function undecodable(defect: string): never {
  throw new GoesError(
    'MALFORMED_MESSAGE',
    `Cannot decode a command protocol message: ${defect}. Only goes command buses (protocol version 1) publish under goes.command.*; check what publishes there.`,
  )
}

/** Reads fields with bounds checks; every defect throws `MALFORMED_MESSAGE`. @internal */
export class ByteReader {
  readonly #b: Uint8Array
  readonly #view: DataView
  pos = 0

  constructor(bytes: Uint8Array) {
    this.#b = bytes
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }

  get done(): boolean {
    return this.pos === this.#b.length
  }

  #need(n: number, field: string): void {
    if (this.#b.length - this.pos < n) undecodable(`it is truncated inside the ${field}`)
  }

  u8(field: string): number {
    this.#need(1, field)
    return this.#b[this.pos++]!
  }

  varint(field: string): number {
    const n = readVarint(this.#b, this.pos)
    if (n >= 0) {
      this.pos += varintSize(n)
      return n
    }
    if (n === VARINT_TRUNCATED) undecodable(`it is truncated inside the ${field}`)
    return undecodable(`the length of the ${field} ${varintDefect(n)}`)
  }

  f64(field: string): number {
    this.#need(8, field)
    const n = this.#view.getFloat64(this.pos)
    this.pos += 8
    return n
  }

  text(field: string): string {
    const bytes = this.bytes(field)
    try {
      return decoder.decode(bytes)
    } catch {
      return undecodable(`the ${field} is not valid UTF-8`)
    }
  }

  /** The next length-prefixed bytes, as a view (no copy). */
  bytes(field: string): Uint8Array {
    const size = this.varint(field)
    this.#need(size, field)
    const out = this.#b.subarray(this.pos, this.pos + size)
    this.pos += size
    return out
  }
}
