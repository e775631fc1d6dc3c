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
import { trustEvent } from '../event/trust.js'
import { assertAggregateRef, assertVersion } from '../event/validate.js'
import { isUUID, NIL_UUID } from '../uuid/uuid.js'
import { lazyEncodedEvent, pendingBytes } from './lazy.js'
import { malformed, Reader } from './reader.js'
import type { CodecRegistry } from './registry.js'
import { varintSize } from './varint.js'
import { isBinaryId, nameSize, Writer } from './writer.js'

/**
 * The envelope format version {@link encodeEnvelope} writes and {@link decodeEnvelope} reads:
 * the first byte of every envelope.
 *
 * @example
 * ```ts
 * if (bytes[0] !== ENVELOPE_VERSION) console.warn('a sender runs another goes version')
 * ```
 * @public
 */
export const ENVELOPE_VERSION = 1

const HAS_AGGREGATE = 1
const ID_TEXT = 2
const AGGREGATE_ID_TEXT = 4
const KNOWN_FLAGS = HAS_AGGREGATE | ID_TEXT | AGGREGATE_ID_TEXT
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
 * Small envelopes are views into a shared 8 KiB buffer, as Node's `Buffer`s are (a fresh
 * ArrayBuffer per message costs more than the encoding): use `byteOffset`/`byteLength` when
 * reading `bytes.buffer`, never transfer it, and `slice()` for a standalone copy.
 *
 * @example
 * ```ts
 * const bytes = encodeEnvelope(newEvent('todo.task_added', { title: 'milk' }), codecs)
 * const event = decodeEnvelope(bytes, codecs) // data decoded when read
 * ```
 * @public
 */
export function encodeEnvelope(event: Event, codecs: CodecRegistry): Uint8Array {
  // Validation as in assertEvent(), with the same errors, but cheaper per event (see writer.ts).
  if (typeof event !== 'object' || event === null) assertEvent(event)
  const name = event.name
  const nameBytes = nameSize(name, 'event name')
  const idBinary = isBinaryId(event.id, 'event id')
  if (typeof event.timeNano !== 'bigint') assertEvent(event)
  if (event.timeNano < MIN_I64 || event.timeNano > MAX_I64) {
    throw new GoesError(
      'INVALID_TIME',
      `The time of event "${name}" (${event.timeNano} ns) is outside the signed 64-bit range the envelope carries (years 1678–2262). Use a time within it.`,
    )
  }
  const agg = event.aggregate
  let flags = idBinary ? 0 : ID_TEXT
  let size = 2 + idSize(event.id, idBinary) + varintSize(nameBytes) + nameBytes + 8
  let aggNameBytes = 0
  let aggIdBinary = true
  if (agg !== undefined) {
    if (typeof agg !== 'object' || agg === null) assertAggregateRef(agg, `aggregate of event "${name}"`)
    flags |= HAS_AGGREGATE
    aggNameBytes = nameSize(agg.name, `aggregate name of event "${name}"`)
    aggIdBinary = isBinaryId(agg.id, `aggregate id of event "${name}"`)
    assertVersion(agg.version, `aggregate version of event "${name}"`)
    if (!aggIdBinary) flags |= AGGREGATE_ID_TEXT
    size += varintSize(aggNameBytes) + aggNameBytes + idSize(agg.id, aggIdBinary) + varintSize(agg.version)
  }
  // An event decoded from an envelope by the same registry, whose data nobody read, is
  // forwarded with its original bytes: no decode, no re-encode.
  const data = pendingBytes(event, codecs) ?? codecs.encode(name, event.data)
  size += varintSize(data.length) + data.length

  const w = new Writer(size)
  w.u8(ENVELOPE_VERSION)
  w.u8(flags)
  if (idBinary) w.uuid(event.id)
  else w.string(event.id, event.id.length)
  w.string(name, nameBytes)
  w.i64(event.timeNano)
  if (agg !== undefined) {
    w.string(agg.name, aggNameBytes)
    if (aggIdBinary) w.uuid(agg.id)
    else w.string(agg.id, agg.id.length)
    w.varint(agg.version)
  }
  w.varint(data.length)
  w.raw(data)
  return w.bytes
}

// A valid id is 36 ASCII characters, so its text form is 1 + 36 bytes.
function idSize(id: string, binary: boolean): number {
  return binary ? 16 : 1 + id.length
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
  const event = decodeEnvelopeUnchecked(bytes, codecs)
  assertKnownName(event.name, codecs)
  return event
}

/**
 * {@link decodeEnvelope} without the strict registry's check that the name is registered, for
 * readers that check something else first (a wire message's address) and then call
 * {@link assertKnownName}. @internal
 */
export function decodeEnvelopeUnchecked(bytes: Uint8Array, codecs: CodecRegistry): Event {
  if (!isBytes(bytes)) malformed('it is not a Uint8Array')
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
  if ((flags & ~KNOWN_FLAGS) !== 0) malformed(`its flags byte 0x${flags.toString(16)} sets unknown bits`)
  const id = readId(r, (flags & ID_TEXT) !== 0, 'event id')
  const name = r.name('event name', 'length of the event name')
  const timeNano = r.i64('event time')
  const timeMs = r.ms
  let aggregate: AggregateRef | undefined
  if ((flags & HAS_AGGREGATE) !== 0) {
    const aggName = r.name('aggregate name', 'length of the aggregate name')
    const aggId = readId(r, (flags & AGGREGATE_ID_TEXT) !== 0, 'aggregate id')
    const aggVersion = r.varint('aggregate version')
    if (aggVersion < 1) malformed('the aggregate version is 0, but versions start at 1')
    aggregate = { name: aggName, id: aggId, version: aggVersion }
  } else if ((flags & AGGREGATE_ID_TEXT) !== 0) {
    malformed('it flags a text aggregate id but has no aggregate')
  }
  const dataSize = r.varint('data length')
  const dataStart = r.skip(dataSize, 'data')
  if (r.pos !== bytes.length) malformed(`it has ${bytes.length - r.pos} unexpected bytes after the data`)

  // Every envelope field was validated above: stores and buses need not check this event again.
  return trustEvent(lazyEncodedEvent(id, name, new Date(timeMs), timeNano, aggregate, codecs, bytes, dataStart, r.pos))
}

// A Uint8Array (Node Buffers included), also one made in another realm (vm, jest, iframe).
function isBytes(value: unknown): value is Uint8Array {
  return (
    value instanceof Uint8Array ||
    (ArrayBuffer.isView(value) && (value as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] === 'Uint8Array')
  )
}

function readId(r: Reader, text: boolean, field: string): string {
  const id = text ? r.string(field, 'length of a text id') : r.uuid(field)
  if (id === NIL_UUID) malformed(`the ${field} is the nil UUID`)
  if (text && !isUUID(id)) malformed(`the ${field} is not a UUID`)
  return id
}

/** Throws `UNKNOWN_NAME` when `codecs` is strict and has no registration for `name`. @internal */
export function assertKnownName(name: string, codecs: CodecRegistry): void {
  if (codecs.unknownNames === 'error' && !codecs.has(name)) {
    throw new GoesError(
      'UNKNOWN_NAME',
      `Received an event named ${JSON.stringify(name)}, but no codec is registered for it. Register it with codecs.register('${name}') on the receiving side.`,
    )
  }
}
