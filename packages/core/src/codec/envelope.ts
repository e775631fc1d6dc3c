// The envelope: how one event travels over every wire bus. A WIRE CONTRACT — change it only by
// adding a new format version that decoders of this version reject with MALFORMED_MESSAGE.
//
// Format version 1 (all integers big-endian; "varint" = unsigned LEB128, minimal, ≤ 8 bytes,
// ≤ 2^53 − 1; "text" = varint byte length + UTF-8):
//
//   u8       format version = 1
//   u8       flags: bit 0 = has aggregate, bit 1 = event id is text, bit 2 = aggregate id is
//            text; bits 3–7 are 0. Ids are text only when not lowercase canonical UUIDs, so
//            they round-trip exactly.
//   16 B     event id as binary UUID (or text, flag bit 1)
//   text     event name
//   i64      timeNano: nanoseconds since the Unix epoch, signed two's complement
//   if aggregate:
//     text   aggregate name
//     16 B   aggregate id as binary UUID (or text, flag bit 2)
//     varint aggregate version (≥ 1)
//   varint   data length N
//   N B      data: the bytes of the codec registered for the event name, untouched
//   (end: nothing may follow)

import { GoesError } from '../errors/errors.js'
import type { AggregateRef, Event } from '../event/event.js'
import { assertEvent } from '../event/factory.js'
import { assertName, assertVersion } from '../event/validate.js'
import { isUUID, NIL_UUID } from '../uuid/uuid.js'
import { lazyEvent } from './lazy.js'
import type { CodecRegistry } from './registry.js'
import { malformed, Reader, utf8Size, varintSize, Writer } from './wire.js'

/** The envelope format version {@link encodeEnvelope} writes and {@link decodeEnvelope} reads. @public */
export const ENVELOPE_VERSION = 1

const HAS_AGGREGATE = 1
const ID_TEXT = 2
const AGGREGATE_ID_TEXT = 4
const KNOWN_FLAGS = HAS_AGGREGATE | ID_TEXT | AGGREGATE_ID_TEXT
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const MIN_I64 = -(2n ** 63n)
const MAX_I64 = 2n ** 63n - 1n

/**
 * Encodes an event into the compact, versioned envelope every wire bus sends; its data is
 * encoded with the codec `codecs` holds for the event's name.
 *
 * Throws the event's validation error (`INVALID_NAME`, `INVALID_UUID`, …), `INVALID_TIME` for
 * a time outside the signed 64-bit nanosecond range (years 1678–2262), or the registry's
 * `UNKNOWN_NAME` / `ENCODE_FAILED`.
 *
 * @example
 * ```ts
 * const bytes = encodeEnvelope(newEvent('todo.task_added', { title: 'milk' }), codecs)
 * const event = decodeEnvelope(bytes, codecs) // data decoded when read
 * ```
 * @public
 */
export function encodeEnvelope(event: Event, codecs: CodecRegistry): Uint8Array {
  assertEvent(event)
  if (event.timeNano < MIN_I64 || event.timeNano > MAX_I64) {
    throw new GoesError(
      'INVALID_TIME',
      `The time of event "${event.name}" (${event.timeNano} ns) is outside the signed 64-bit range the envelope carries (years 1678–2262). Use a time within it.`,
    )
  }
  const data = codecs.encode(event.name, event.data)
  const agg = event.aggregate
  const idText = !CANONICAL_UUID.test(event.id)
  const nameSize = utf8Size(event.name, 'event name')
  let flags = idText ? ID_TEXT : 0
  let size = 2 + idSize(event.id, idText) + varintSize(nameSize) + nameSize + 8
  let aggNameSize = 0
  let aggIdText = false
  if (agg !== undefined) {
    flags |= HAS_AGGREGATE
    aggIdText = !CANONICAL_UUID.test(agg.id)
    if (aggIdText) flags |= AGGREGATE_ID_TEXT
    aggNameSize = utf8Size(agg.name, 'aggregate name')
    size += varintSize(aggNameSize) + aggNameSize + idSize(agg.id, aggIdText) + varintSize(agg.version)
  }
  size += varintSize(data.length) + data.length

  const w = new Writer(size)
  w.u8(ENVELOPE_VERSION)
  w.u8(flags)
  if (idText) w.string(event.id, event.id.length)
  else w.uuid(event.id)
  w.string(event.name, nameSize)
  w.i64(event.timeNano)
  if (agg !== undefined) {
    w.string(agg.name, aggNameSize)
    if (aggIdText) w.string(agg.id, agg.id.length)
    else w.uuid(agg.id)
    w.varint(agg.version)
  }
  w.varint(data.length)
  w.raw(data)
  return w.bytes
}

// A valid id is 36 ASCII characters, so its text form is 1 + 36 bytes.
function idSize(id: string, text: boolean): number {
  return text ? 1 + id.length : 16
}

/**
 * Decodes an envelope made by {@link encodeEnvelope}. Everything but the data is validated
 * now; the data stays encoded until `event.data` is first read (see `lazyEvent`), then goes
 * through `codecs.decode` (so `DECODE_FAILED` or `VALIDATION_FAILED` surface on that read).
 * The event keeps a view of `bytes` (no copy) until its data is decoded.
 *
 * Throws `MALFORMED_MESSAGE` naming the defect (empty, truncated, unknown version or flags,
 * bad id, name or version, trailing bytes), or `UNKNOWN_NAME` when `codecs` is strict and has
 * no registration for the event name.
 *
 * @example
 * ```ts
 * try { handle(decodeEnvelope(msg.data, codecs)) }
 * catch (err) { if (isGoesError(err, 'MALFORMED_MESSAGE')) report(err); else throw err }
 * ```
 * @public
 */
export function decodeEnvelope(bytes: Uint8Array, codecs: CodecRegistry): Event {
  if (!(bytes instanceof Uint8Array)) malformed('it is not a Uint8Array')
  if (bytes.length === 0) malformed('it is empty')
  const r = new Reader(bytes)
  const version = r.u8('format version')
  if (version !== ENVELOPE_VERSION) {
    malformed(
      `it has format version ${version}, but this goes reads version ${ENVELOPE_VERSION}` +
        (version > ENVELOPE_VERSION ? ' (upgrade goes on the receiving side)' : ''),
    )
  }
  const flags = r.u8('flags')
  if ((flags & ~KNOWN_FLAGS) !== 0) malformed(`it has unknown flag bits 0x${flags.toString(16)}`)
  const id = readId(r, (flags & ID_TEXT) !== 0, 'event id')
  const name = r.string('event name')
  check('event name', () => assertName(name, 'event name'))
  const timeNano = r.i64('event time')
  let aggregate: AggregateRef | undefined
  if ((flags & HAS_AGGREGATE) !== 0) {
    const aggName = r.string('aggregate name')
    check('aggregate name', () => assertName(aggName, 'aggregate name'))
    const aggId = readId(r, (flags & AGGREGATE_ID_TEXT) !== 0, 'aggregate id')
    const aggVersion = r.varint('aggregate version')
    check('aggregate version', () => assertVersion(aggVersion, 'aggregate version'))
    aggregate = { name: aggName, id: aggId, version: aggVersion }
  } else if ((flags & AGGREGATE_ID_TEXT) !== 0) {
    malformed('it flags a text aggregate id but has no aggregate')
  }
  const dataSize = r.varint('data length')
  const data = r.slice(dataSize, 'data')
  if (r.pos !== bytes.length) malformed(`it has ${bytes.length - r.pos} unexpected bytes after the data`)

  if (codecs.unknownNames === 'error' && !codecs.has(name)) {
    throw new GoesError(
      'UNKNOWN_NAME',
      `Received an event named ${JSON.stringify(name)}, but no codec is registered for it. Register it with codecs.register('${name}') on the receiving side.`,
    )
  }
  return lazyEvent({ id, name, timeNano, aggregate }, () => codecs.decode(name, data))
}

function readId(r: Reader, text: boolean, field: string): string {
  const id = text ? r.string(field) : r.uuid(field)
  if (id === NIL_UUID) malformed(`the ${field} is the nil UUID`)
  if (text && !isUUID(id)) malformed(`the ${field} is not a UUID`)
  return id
}

// Turns a validation error of a decoded header field into MALFORMED_MESSAGE (keeping it as cause).
function check(field: string, assert: () => void): void {
  try {
    assert()
  } catch (err) {
    malformed(`the ${field} is invalid (${(err as Error).message})`, err)
  }
}
