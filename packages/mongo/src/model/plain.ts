import { type Codec, GoesError, jsonCodec } from '@goes/core'
import { Binary } from 'mongodb'

/**
 * How a plain value (snapshot state, model, event data for the view) is kept in a document:
 * as a BSON value in `s` when both MongoDB and FerretDB store it unchanged (readable in
 * Compass), else as codec bytes in `j`. Never both.
 *
 * @internal
 */
export interface StoredValue {
  s?: unknown
  j?: Binary
}

// MongoDB nests at most 100 levels; stay clear of it (the document adds a few).
const MAX_DEPTH = 90

/**
 * Whether `value` round-trips exactly as a BSON value on MongoDB and on FerretDB: JSON-like
 * data whose keys are neither empty nor start with `$` nor contain `.` or NUL (both servers
 * refuse or reinterpret them), with no array directly inside an array (FerretDB refuses
 * those: "nested arrays are not supported"), and finite numbers only.
 *
 * @internal
 */
export function isBsonFriendly(value: unknown, depth = 0): boolean {
  if (value === null) return true
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0)
    case 'object':
      break
    default:
      return false
  }
  if (depth > MAX_DEPTH) return false
  if (Array.isArray(value)) {
    for (const item of value) {
      if (Array.isArray(item) || !isBsonFriendly(item, depth + 1)) return false
    }
    return true
  }
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return false
  for (const key of Object.keys(value)) {
    if (!isFriendlyKey(key)) return false
    if (!isBsonFriendly((value as Record<string, unknown>)[key], depth + 1)) return false
  }
  return true
}

function isFriendlyKey(key: string): boolean {
  return key !== '' && key !== '__proto__' && key[0] !== '$' && !key.includes('.') && !key.includes('\u0000')
}

/**
 * Encodes a value for storage: with `codec` always as bytes, else as BSON when
 * {@link isBsonFriendly}, else as JSON bytes. Throws `ENCODE_FAILED` (from the codec) for
 * what neither can carry.
 *
 * @internal
 */
export function encodeValue(value: unknown, codec: Codec | undefined): StoredValue {
  if (codec === undefined && isBsonFriendly(value)) return { s: value }
  const bytes = (codec ?? jsonCodec).encode(value)
  return { j: new Binary(bytes, Binary.SUBTYPE_DEFAULT) }
}

/**
 * Decodes what {@link encodeValue} stored. Throws `DECODE_FAILED` when the bytes do not
 * decode or the document holds neither field.
 *
 * @internal
 */
export function decodeValue(doc: StoredValue, codec: Codec | undefined, what: string): unknown {
  if (doc.j !== undefined && doc.j !== null) {
    const bytes = doc.j instanceof Binary ? doc.j.value() : (doc.j as unknown)
    if (!(bytes instanceof Uint8Array)) throw badDoc(what, 'its `j` field is not binary')
    return (codec ?? jsonCodec).decode(bytes)
  }
  if (!('s' in doc)) throw badDoc(what, 'it has neither `s` nor `j`')
  return doc.s
}

function badDoc(what: string, problem: string): GoesError {
  return new GoesError(
    'DECODE_FAILED',
    `The stored ${what} cannot be read: ${problem}. It was not written by this package; delete or repair the document.`,
  )
}
