import { type AggregateRef, type CodecRegistry, type Event, GoesError } from '@goes/core'
import { lazyEvent } from '@goes/core/backend'
import type { EventDoc } from './schema.js'
import { bsonToId, isBinary } from './uuid.js'

const EMPTY = new Uint8Array(0)

/**
 * The event of a stored document. Its data is decoded when first read: codec bytes through the
 * registry, a BSON value through the registry's schema (if any). Throws `DECODE_FAILED` for a
 * document that is not an event document (written by something else).
 *
 * @internal
 */
export function docToEvent(doc: EventDoc, codecs: CodecRegistry): Event {
  const id = bsonToId(doc._id)
  const name = doc.name
  const time = doc.time
  if (id === undefined || typeof name !== 'string' || typeof time !== 'bigint') malformed(doc)
  let aggregate: AggregateRef | undefined
  const aggName = doc.aggregateName
  if (aggName !== undefined) {
    const aggId = bsonToId(doc.aggregateId)
    const version = doc.aggregateVersion
    if (typeof aggName !== 'string' || aggId === undefined || typeof version !== 'number') malformed(doc)
    aggregate = { name: aggName, id: aggId, version }
  }
  const data = doc.data
  const decode = isBinary(data)
    ? () => codecs.decode(name, data.buffer.subarray(0, data.position))
    : data === undefined
      ? () => codecs.decode(name, EMPTY)
      : () => codecs.validate(name, data)
  return lazyEvent({ id, name, timeNano: time, aggregate }, decode)
}

function malformed(doc: EventDoc): never {
  throw new GoesError(
    'DECODE_FAILED',
    `The document ${String(doc._id)} in the events collection is not an event document (it lacks a valid _id, name or time). Remove it, or keep other documents out of the events collection.`,
  )
}
