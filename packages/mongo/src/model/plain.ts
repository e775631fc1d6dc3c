import { type Codec, GoesError, jsonCodec } from '@goes/core'
import { Binary } from 'mongodb'
import { isStorable } from '../internal/storable.js'

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

/**
 * Encodes a value for storage: with `codec` always as bytes, else as BSON when
 * `isStorable` (internal/storable.ts), else as JSON bytes. Throws `ENCODE_FAILED` (from the codec) for
 * what neither can carry.
 *
 * @internal
 */
export function encodeValue(value: unknown, codec: Codec | undefined): StoredValue {
  if (codec === undefined && isStorable(value)) return { s: value }
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
