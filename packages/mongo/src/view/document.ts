import type { Event } from '@goes/core'
import { isStorable } from '../internal/storable.js'

/**
 * One event as the JSON view shows it: readable in MongoDB Compass or the shell.
 *
 * @example
 * ```ts
 * const doc = await view.collection.findOne({ _id: eventId })
 * console.log(doc?.name, doc?.time, doc?.data)
 * ```
 * @public
 */
export interface JsonViewDocument {
  /** The event id (a UUID string). */
  _id: string
  name: string
  /** ISO 8601 time, millisecond precision, e.g. `2026-11-30T00:00:00.000Z`. */
  time: string
  /** Nanoseconds since the epoch, as a decimal string (exact; sorts as text only at equal length). */
  timeNano: string
  aggregateName?: string
  aggregateId?: string
  aggregateVersion?: number
  /** The event data, when the server can store it as is. */
  data?: unknown
  /** The event data as JSON text, when its keys or shape cannot be stored as a document ($, ., nested arrays). */
  dataJson?: string
  /** Why the data could not be shown (it is not JSON data). */
  dataError?: string
}

/** The view document of an event. @internal */
export function viewDocument(e: Event): JsonViewDocument {
  const doc: JsonViewDocument = {
    _id: e.id,
    name: e.name,
    time: e.time.toISOString(),
    timeNano: e.timeNano.toString(),
  }
  if (e.aggregate !== undefined) {
    doc.aggregateName = e.aggregate.name
    doc.aggregateId = e.aggregate.id
    doc.aggregateVersion = e.aggregate.version
  }
  let data: unknown
  try {
    data = e.data
  } catch (err) {
    doc.dataError = `the data cannot be decoded: ${err instanceof Error ? err.message : String(err)}`
    return doc
  }
  if (data === undefined) return doc
  if (isStorable(data)) {
    doc.data = data
    return doc
  }
  try {
    doc.dataJson = JSON.stringify(data, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))
  } catch (err) {
    doc.dataError = `the data is not JSON data: ${err instanceof Error ? err.message : String(err)}`
  }
  return doc
}
