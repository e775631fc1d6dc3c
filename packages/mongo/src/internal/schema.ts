import type { Binary, ObjectId } from 'mongodb'

// The storage design of the event store — documented in the package README ("Storage design").
// One document per event; batches without transactions carry `batch` and `batchSize` so readers
// can hide a batch until all of its documents exist (see visible.ts).

/** The default name of the events collection. @internal */
export const DEFAULT_COLLECTION = 'events'

/**
 * An event as stored: one document per event.
 *
 * - `_id`: the event id as a BSON UUID (a string when the id is not a lowercase canonical UUID).
 * - `time`: nanoseconds since the epoch as a 64-bit integer (read back as a bigint).
 * - Events without aggregate have none of the three aggregate fields: they sort as the sort
 *   contract says (missing sorts before every value, and they tie), and the unique aggregate
 *   index, being sparse, does not hold them (FerretDB keeps missing fields out of uniqueness too).
 * - `data`: a BSON value for JSON-coded names (readable in Compass), else the codec's bytes
 *   (Binary subtype 0); absent for `undefined` data.
 * - `batch` / `batchSize`: on the documents of a multi-event batch written without a
 *   transaction; `batchSize: 1` marks a document a delete detached from its batch.
 * - `unpublished`: set on insert by stores with an outbox, cleared by the relay.
 *
 * @example
 * ```ts
 * const raw = await store.collection.find({ aggregateName: 'todo.list' }).toArray() // EventDoc[]
 * ```
 * @public
 */
export interface EventDoc {
  _id: Binary | string
  name: string
  time: bigint
  aggregateName?: string
  aggregateId?: Binary | string
  aggregateVersion?: number
  data?: unknown
  batch?: ObjectId
  batchSize?: number
  unpublished?: true
}

/** The field names, for filters and projections. @internal */
export const FIELD = {
  id: '_id',
  name: 'name',
  time: 'time',
  aggregateName: 'aggregateName',
  aggregateId: 'aggregateId',
  aggregateVersion: 'aggregateVersion',
  data: 'data',
  batch: 'batch',
  batchSize: 'batchSize',
  unpublished: 'unpublished',
} as const

/** Names of the indexes the store always creates. @internal */
export const CORE_INDEX = {
  aggregate: 'goes_aggregate',
  batch: 'goes_batch',
  unpublished: 'goes_unpublished',
} as const

/** Reads of event documents: 64-bit integers (the times) as bigints, never as lossy numbers. @internal */
export const READ_OPTIONS = { useBigInt64: true } as const
