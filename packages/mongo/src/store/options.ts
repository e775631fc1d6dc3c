import type { CodecRegistry } from '@goes/core'
import type { MongoClientOptions } from 'mongodb'
import type { ServerCapabilities } from '../internal/capabilities.js'
import type { MongoStoreIndex } from './indices.js'

/**
 * Options of {@link MongoStore}.
 *
 * @example
 * ```ts
 * const store = new MongoStore(db, { collection: 'todo_events', codecs, indices: ['time'] })
 * ```
 * @public
 */
export interface MongoStoreOptions {
  /** The events collection (default `events`). */
  readonly collection?: string | undefined
  /**
   * Encodes and decodes event data. Data of names whose codec is core's JSON codec is kept as a
   * BSON value (readable in Compass); other names' data as the codec's bytes. Default: a
   * registry that treats every name as JSON (`new CodecRegistry({ unknownNames: 'json' })`).
   */
  readonly codecs?: CodecRegistry | undefined
  /**
   * Whether JSON data is kept as a BSON value, readable in tools such as MongoDB Compass
   * (default true). `false` keeps the JSON bytes as binary instead: smaller documents, and
   * faster on servers that convert documents field by field (FerretDB). The store reads both.
   */
  readonly readableData?: boolean | undefined
  /** Optional indexes for other query shapes, created at start (see {@link MongoStoreIndex}). */
  readonly indices?: readonly MongoStoreIndex[] | undefined
  /** Marks every inserted event unpublished, for the outbox relay (default false). */
  readonly outbox?: boolean | undefined
  /**
   * Whether to write multi-event batches in a transaction where the server has them
   * (`'auto'`, the default, asks the server once) or never (`'never'`: batch markers only).
   */
  readonly transactions?: 'auto' | 'never' | undefined
  /**
   * Documents per round trip when reading (default 1 000): the memory a query holds at once
   * is about this many documents.
   */
  readonly readBatchSize?: number | undefined
  /**
   * After how many milliseconds an incomplete batch (its writer died mid-insert) may be removed
   * by a writer whose insert collides with it (default 30 000, at least 1 000). Keep it well above
   * the longest insert; the clock is the writers'.
   */
  readonly abandonAfter?: number | undefined
}

/**
 * Options of {@link MongoStore.connect}: the store's options, the database and the driver's.
 *
 * @example
 * ```ts
 * const store = await MongoStore.connect('mongodb://127.0.0.1:27017', { database: 'app' })
 * ```
 * @public
 */
export interface MongoStoreConnectOptions extends MongoStoreOptions {
  /** The database holding the events collection (default: the URL's database, else `goes`). */
  readonly database?: string | undefined
  /** Options for the driver's `MongoClient`. */
  readonly client?: MongoClientOptions | undefined
}

/**
 * How a store writes on its server, as {@link MongoStore.ready} reports it.
 *
 * @example
 * ```ts
 * const { batches } = await store.ready()
 * if (batches === 'markers') console.log('no transactions here: batches are hidden until whole')
 * ```
 * @public
 */
export interface MongoStoreStatus {
  /**
   * How multi-event batches are written: `'transactions'` (the server has them and the option
   * allows them) or `'markers'` (one `insertMany` whose documents carry the batch id and size;
   * readers hide a batch until all of it exists).
   */
  readonly batches: 'transactions' | 'markers'
  /** What the server answered when asked (undefined with `transactions: 'never'`: not asked). */
  readonly server: ServerCapabilities | undefined
}
