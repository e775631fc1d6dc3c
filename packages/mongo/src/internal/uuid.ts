import { Binary } from 'mongodb'

// Event and aggregate ids as BSON UUIDs (16 bytes, subtype 4). Only lowercase canonical UUIDs
// are stored as binary: they read back as the same text. Any other valid UUID (upper case) is
// stored as its string, so every id round-trips exactly.

const NIBBLE = new Int8Array(128).fill(-1)
for (let i = 0; i < 16; i++) NIBBLE['0123456789abcdef'.charCodeAt(i)] = i
const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** The 16 bytes of a lowercase canonical UUID, or undefined for any other string. @internal */
export function uuidBytes(id: string): Uint8Array | undefined {
  if (id.length !== 36) return undefined
  const out = Buffer.allocUnsafe(16)
  let j = 0
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (id.charCodeAt(i) !== 45) return undefined
      continue
    }
    const hi = id.charCodeAt(i)
    const lo = id.charCodeAt(++i)
    const h = hi < 128 ? NIBBLE[hi]! : -1
    const l = lo < 128 ? NIBBLE[lo]! : -1
    if (h < 0 || l < 0) return undefined
    out[j++] = (h << 4) | l
  }
  return out
}

/** An id as stored: a BSON UUID, or the string itself when it is not lowercase canonical. @internal */
export function idToBson(id: string): Binary | string {
  const bytes = uuidBytes(id)
  return bytes === undefined ? id : new Binary(bytes, Binary.SUBTYPE_UUID)
}

/** The text of 16 UUID bytes, lowercase canonical. @internal */
export function bytesToUuid(b: Uint8Array): string {
  return (
    HEX[b[0]!]! +
    HEX[b[1]!]! +
    HEX[b[2]!]! +
    HEX[b[3]!]! +
    '-' +
    HEX[b[4]!]! +
    HEX[b[5]!]! +
    '-' +
    HEX[b[6]!]! +
    HEX[b[7]!]! +
    '-' +
    HEX[b[8]!]! +
    HEX[b[9]!]! +
    '-' +
    HEX[b[10]!]! +
    HEX[b[11]!]! +
    HEX[b[12]!]! +
    HEX[b[13]!]! +
    HEX[b[14]!]! +
    HEX[b[15]!]!
  )
}

/** The id text of a stored id (BSON UUID or string); undefined for anything else. @internal */
export function bsonToId(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (isBinary(value) && value.position === 16) return bytesToUuid(value.buffer)
  return undefined
}

/** Whether `value` is a BSON Binary (also one made by another copy of the bson package). @internal */
export function isBinary(value: unknown): value is Binary {
  return typeof value === 'object' && value !== null && (value as { _bsontype?: unknown })._bsontype === 'Binary'
}
