import { CodecRegistry, type Event, type EventStore, GoesError, type Query, type SignalOptions } from '@goes/core'
import { raceSignal, throwIfAborted } from '@goes/core/backend'
import { type Collection, type Db, MongoClient } from 'mongodb'
import { docToEvent } from '../internal/decode.js'
import { driverCall } from '../internal/errors.js'
import { DEFAULT_COLLECTION, type EventDoc } from '../internal/schema.js'
import { mapVisible } from '../internal/visible.js'
import { deleteEvents, validateRefs } from './delete.js'
import { findEvent } from './find.js'
import { type InsertContext, insertBatch, validateBatch } from './insert.js'
import type { MongoStoreConnectOptions, MongoStoreOptions, MongoStoreStatus } from './options.js'
import { type ResolvedOptions, resolveOptions } from './resolve.js'
import { startStore } from './start.js'

/**
 * The event store on MongoDB (and MongoDB-wire servers such as FerretDB): one document per
 * event, batches all-or-nothing without transactions, conflicts from a unique index. Passes
 * the event store conformance suite. See the package README, "Storage design".
 *
 * The first operation creates the indexes (idempotently) and, with `transactions: 'auto'`,
 * asks the server whether it has transactions; {@link MongoStore.ready} does it up front.
 * `close()` closes the client only if the store opened it ({@link MongoStore.connect}).
 *
 * @example
 * ```ts
 * const client = await MongoClient.connect('mongodb://127.0.0.1:27017')
 * const store = new MongoStore(client.db('app'), { codecs })
 * await store.insert([added, renamed])
 * for await (const e of store.query({ aggregates: [{ name: 'todo.list', id }] })) apply(e)
 * ```
 * @public
 */
export class MongoStore implements EventStore {
  /** The events collection. */
  readonly collection: Collection<EventDoc>
  /** The registry that encodes and decodes event data. */
  readonly codecs: CodecRegistry
  /** Whether inserted events are marked unpublished for the outbox relay. */
  readonly outbox: boolean
  readonly #db: Db
  readonly #options: ResolvedOptions
  readonly #owned: MongoClient | undefined
  readonly #readable: boolean
  #init: Promise<InsertContext> | undefined
  #closed = false

  constructor(db: Db, options: MongoStoreOptions = {}) {
    this.#options = resolveOptions(options)
    this.#db = db
    this.collection = db.collection<EventDoc>(options.collection ?? DEFAULT_COLLECTION)
    this.codecs = options.codecs ?? new CodecRegistry({ unknownNames: 'json' })
    this.outbox = options.outbox === true
    this.#readable = options.readableData !== false
    this.#owned = (options as { [OWNED]?: MongoClient })[OWNED]
  }

  /**
   * Connects to `url` and opens a store on it; `close()` then closes the connection too.
   *
   * @example
   * ```ts
   * await using store = await MongoStore.connect('mongodb://127.0.0.1:27017/app')
   * ```
   */
  static async connect(url: string, options: MongoStoreConnectOptions = {}): Promise<MongoStore> {
    const client = await driverCall('MongoStore.connect', undefined, () => MongoClient.connect(url, options.client))
    const db = client.db(options.database)
    const store = new MongoStore(db, { ...options, [OWNED]: client } as MongoStoreOptions)
    try {
      await store.ready()
    } catch (err) {
      await client.close().catch(() => undefined)
      throw err
    }
    return store
  }

  /**
   * Creates the indexes and asks the server about transactions, once; later calls wait for the
   * same. Resolves with how the store writes multi-event batches on this server.
   *
   * @example
   * ```ts
   * const { batches, server } = await store.ready()
   * console.log(batches) // 'markers' on a server without transactions
   * ```
   */
  async ready(options?: SignalOptions): Promise<MongoStoreStatus> {
    const ctx = await this.#ready(options?.signal)
    return ctx.status
  }

  /**
   * Inserts a batch, all or nothing; see {@link EventStore.insert}. A conflicting batch rejects
   * with `CONSISTENCY` and leaves nothing visible. An aborted signal rejects before the write;
   * a write already sent is not interrupted.
   *
   * @example
   * ```ts
   * await store.insert([added, renamed], { signal: AbortSignal.timeout(5_000) })
   * ```
   */
  async insert(events: readonly Event[], options?: SignalOptions): Promise<void> {
    const signal = options?.signal
    throwIfAborted(signal, 'MongoStore.insert')
    this.#open('insert')
    validateBatch(events)
    const ctx = await this.#ready(signal)
    if (events.length > 0) await insertBatch(ctx, events, signal)
  }

  /**
   * Finds one visible event by id; `NOT_FOUND` when there is none (also for an event of a
   * batch that is not complete).
   *
   * @example
   * ```ts
   * const e = await store.find(id)
   * ```
   */
  async find(id: string, options?: SignalOptions): Promise<Event> {
    const signal = options?.signal
    throwIfAborted(signal, 'MongoStore.find')
    this.#open('find')
    await this.#ready(signal)
    return findEvent(this.collection, this.codecs, id, signal)
  }

  /**
   * Streams the visible events matching `query`, sorted as it says; see
   * {@link EventStore.query}. Documents of a batch whose writer has not finished (or died) are
   * never part of the result, and a batch is never part of it only in part. Documents are
   * read `readBatchSize` at a time; breaking out of the loop closes the cursor.
   *
   * @example
   * ```ts
   * for await (const e of store.query({ names: ['todo.task_added'], sort: [{ by: 'time', dir: 'asc' }] })) {}
   * ```
   */
  query(query?: Query, options?: SignalOptions): AsyncIterable<Event> {
    const signal = options?.signal
    const codecs = this.codecs
    const spec = {
      query,
      signal,
      batchSize: this.#options.readBatchSize,
      before: () => {
        this.#open('query')
        return this.#ready(signal)
      },
    }
    return {
      [Symbol.asyncIterator]: () => mapVisible(this.collection, spec, (doc) => docToEvent(doc, codecs)),
    }
  }

  /**
   * Deletes events by id; unknown ids are ignored. The other events of their batches stay
   * visible (they are detached first).
   *
   * @example
   * ```ts
   * await store.delete([stale])
   * ```
   */
  async delete(events: readonly Pick<Event, 'id'>[], options?: SignalOptions): Promise<void> {
    const signal = options?.signal
    throwIfAborted(signal, 'MongoStore.delete')
    this.#open('delete')
    validateRefs(events)
    await this.#ready(signal)
    await deleteEvents(this.collection, events, signal)
  }

  /**
   * Stops the store (idempotent): later calls reject with `CLOSED`. Closes the client only if
   * {@link MongoStore.connect} opened it.
   *
   * @example
   * ```ts
   * await store.close()
   * ```
   */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#owned?.close()
  }

  /** {@link MongoStore.close}, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close()
  }

  #open(what: string): void {
    if (this.#closed) {
      throw new GoesError('CLOSED', `MongoStore.${what}() was called after close(). Open a new store.`)
    }
  }

  #ready(signal: AbortSignal | undefined): Promise<InsertContext> {
    if (this.#init === undefined) {
      const init = this.#start()
      this.#init = init
      init.catch(() => {
        if (this.#init === init) this.#init = undefined
      })
    }
    return signal === undefined ? this.#init : raceSignal(this.#init, signal, 'MongoStore start-up')
  }

  #start(): Promise<InsertContext> {
    const { collection, codecs, outbox } = this
    return startStore(this.#db, { collection, codecs, outbox, readable: this.#readable, options: this.#options })
  }
}

const OWNED = Symbol('goes.mongo.ownedClient')
