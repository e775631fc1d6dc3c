import { type CodecRegistry, type Event, GoesError } from '@goes/core'
import { Binary, type ObjectId } from 'mongodb'
import type { EventDoc } from './schema.js'
import { isStorable } from './storable.js'
import { idToBson } from './uuid.js'

const MIN_I64 = -(2n ** 63n)
const MAX_I64 = 2n ** 63n - 1n

/** How the documents of one insert are marked. @internal */
export interface DocMarks {
  /** The batch id and size, on multi-event batches written without a transaction. */
  readonly batch?: ObjectId | undefined
  readonly batchSize?: number | undefined
  /** Whether to mark the documents unpublished (stores with an outbox). */
  readonly unpublished: boolean
  /** Whether JSON data may be kept as a BSON value (else always the codec's bytes); default true. */
  readonly readable?: boolean | undefined
}

/**
 * The document of a validated event. Data of JSON names that BSON stores unchanged is kept as
 * a BSON value; everything else as the codec's bytes. Throws `INVALID_TIME` for a time outside
 * the signed 64-bit range, or the registry's `UNKNOWN_NAME` / `ENCODE_FAILED`.
 *
 * @internal
 */
export function eventToDoc(e: Event, codecs: CodecRegistry, marks: DocMarks): EventDoc {
  const time = e.timeNano
  if (time < MIN_I64 || time > MAX_I64) {
    throw new GoesError(
      'INVALID_TIME',
      `The time of event "${e.name}" (${time} ns) is outside the signed 64-bit range MongoDB stores (years 1678–2262). Use a time within it.`,
    )
  }
  const agg = e.aggregate
  const doc: EventDoc =
    agg === undefined
      ? { _id: idToBson(e.id), name: e.name, time }
      : {
          _id: idToBson(e.id),
          name: e.name,
          time,
          aggregateName: agg.name,
          aggregateId: idToBson(agg.id),
          aggregateVersion: agg.version,
        }
  const data = e.data
  if (marks.readable !== false && codecs.isJson(e.name) && (data === undefined || isStorable(data))) {
    if (data !== undefined) doc.data = data
  } else {
    const bytes = codecs.encode(e.name, data)
    doc.data = new Binary(bytes, Binary.SUBTYPE_DEFAULT)
  }
  if (marks.batch !== undefined) {
    doc.batch = marks.batch
    doc.batchSize = marks.batchSize!
  }
  if (marks.unpublished) doc.unpublished = true
  return doc
}
