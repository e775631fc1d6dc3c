// The one varint of every goes wire format (the event envelope and the command protocol):
// unsigned LEB128, 7 bits a byte, least significant group first. Strict: a reader accepts only
// the minimal encoding of a safe integer, at most 8 bytes (56 bits hold 2^53 − 1), so every
// number has exactly one encoding and no input can smuggle a huge or ambiguous length.

/** The most bytes a varint may take. @internal */
export const MAX_VARINT_BYTES = 8

/** {@link readVarint}'s result when the bytes end inside the varint. @internal */
export const VARINT_TRUNCATED = -1
/** {@link readVarint}'s result for a varint with needless trailing zero groups. @internal */
export const VARINT_NOT_MINIMAL = -2
/** {@link readVarint}'s result for a varint longer than {@link MAX_VARINT_BYTES}. @internal */
export const VARINT_TOO_LONG = -3
/** {@link readVarint}'s result for a value above `Number.MAX_SAFE_INTEGER`. @internal */
export const VARINT_TOO_LARGE = -4

/** Number of bytes of `n` (a safe integer ≥ 0) as a varint. @internal */
export function varintSize(n: number): number {
  if (n < 0x80) return 1
  if (n < 0x4000) return 2
  let size = 3
  n = Math.floor(n / 0x200000)
  while (n > 0) {
    n = Math.floor(n / 0x80)
    size++
  }
  return size
}

/**
 * Writes `n` (a safe integer ≥ 0) at `pos`, which must have room for {@link varintSize}(n)
 * bytes; returns the position after it. @internal
 */
export function writeVarint(bytes: Uint8Array, pos: number, n: number): number {
  while (n >= 0x80) {
    bytes[pos++] = (n % 0x80) | 0x80
    n = Math.floor(n / 0x80)
  }
  bytes[pos++] = n
  return pos
}

/**
 * Reads the varint at `pos`: its value, which takes {@link varintSize}(value) bytes (a
 * non-minimal encoding is rejected, so the size follows from the value), or a negative
 * `VARINT_*` defect. No exception and no allocation: each wire reader turns a defect into its
 * own `MALFORMED_MESSAGE` with {@link varintDefect}. @internal
 */
export function readVarint(bytes: Uint8Array, pos: number): number {
  const end = bytes.length
  if (pos >= end) return VARINT_TRUNCATED
  const first = bytes[pos]!
  if (first < 0x80) return first
  let n = first & 0x7f
  let scale = 0x80
  for (let i = 1; i < MAX_VARINT_BYTES; i++) {
    if (pos + i >= end) return VARINT_TRUNCATED
    const b = bytes[pos + i]!
    n += (b & 0x7f) * scale
    if (b < 0x80) {
      if (b === 0) return VARINT_NOT_MINIMAL
      return n > Number.MAX_SAFE_INTEGER ? VARINT_TOO_LARGE : n
    }
    scale *= 0x80
  }
  return VARINT_TOO_LONG
}

/** What is wrong with a varint, completing "the <field> …", for a `VARINT_*` defect. @internal */
export function varintDefect(defect: number): string {
  switch (defect) {
    case VARINT_TRUNCATED:
      return 'is truncated'
    case VARINT_NOT_MINIMAL:
      return 'is not minimally encoded'
    case VARINT_TOO_LONG:
      return `is too long (more than ${MAX_VARINT_BYTES} bytes)`
    default:
      return 'is too large (above 2^53 − 1)'
  }
}
