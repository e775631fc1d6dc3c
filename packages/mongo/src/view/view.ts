import {
  ALL_EVENTS,
  type Event,
  type EventBus,
  type EventStore,
  GoesError,
  type SignalOptions,
  type Subscription,
} from '@goes/core'
import { abortError, asGoesError, optionChecks, SubscriptionLifecycle } from '@goes/core/backend'
import type { AnyBulkWriteOperation, Collection, Db } from 'mongodb'
import { isDuplicateKey } from '../model/driver.js'
import { type JsonViewDocument, viewDocument } from './document.js'
import type { MongoJsonViewOptions } from './options.js'

const check = optionChecks('MongoJsonView')

/**
 * Keeps a human-readable copy of every event in a collection of its own — data as a JSON
 * object, name, ids, version and ISO time — for MongoDB Compass and the shell. `start()`
 * subscribes to every event on the bus, copies every stored event, and keeps copying what the
 * bus delivers until `close()`. Eventually consistent; idempotent (a copy is upserted by event
 * id, so replays and overlaps are harmless). Failures are reported on `errors`, never fatal.
 *
 * @example
 * ```ts
 * const view = new MongoJsonView(client.db('todo'), store, bus)
 * await view.start() // resolves once the stored events are copied
 * await view.collection.find({ aggregateId: listId }).sort({ aggregateVersion: 1 }).toArray()
 * await view.close()
 * ```
 * @public
 */
export class MongoJsonView implements AsyncDisposable {
  readonly #collection: Collection<JsonViewDocument>
  readonly #store: EventStore
  readonly #bus: EventBus
  readonly #batchSize: number
  readonly #life: SubscriptionLifecycle
  readonly #stop = new AbortController()
  #subscription: Subscription | undefined
  #live: Promise<void> | undefined
  #starting: Promise<void> | undefined

  constructor(db: Db, store: EventStore, bus: EventBus, options: MongoJsonViewOptions = {}) {
    const o = check.object(options)
    this.#batchSize = check.integer('batchSize', o.batchSize, { fallback: 500 })
    this.#life = new SubscriptionLifecycle({
      maxBufferedErrors: check.integer('maxBufferedErrors', o.maxBufferedErrors, { fallback: 1000 }),
    })
    this.#collection = db.collection<JsonViewDocument>(options.collection ?? 'goes_events_json')
    this.#store = store
    this.#bus = bus
  }

  /** The collection holding the readable copies. */
  get collection(): Collection<JsonViewDocument> {
    return this.#collection
  }

  /**
   * Failures (a copy that could not be written, a bad bus message); reading them is optional.
   *
   * @example
   * ```ts
   * void (async () => { for await (const err of view.errors) console.warn(err.message) })()
   * ```
   */
  get errors(): AsyncIterable<GoesError> {
    return this.#life.errors
  }

  /** Errors dropped from `errors` (oldest first) because `maxBufferedErrors` were waiting unread. */
  get droppedErrors(): number {
    return this.#life.droppedErrors
  }

  /**
   * Subscribes to the bus, copies every stored event, then keeps copying what the bus
   * delivers. Resolves when the stored events are copied. Idempotent.
   *
   * @example
   * ```ts
   * await view.start({ signal: AbortSignal.timeout(60_000) })
   * ```
   */
  start(options?: SignalOptions): Promise<void> {
    if (!this.#life.isOpen) return Promise.reject(new GoesError('CLOSED', 'The JSON view is closed. Create a new one.'))
    this.#starting ??= this.#begin(options?.signal)
    return this.#starting
  }

  /**
   * Stops copying (the bus subscription ends); idempotent. The store and bus stay open.
   *
   * @example
   * ```ts
   * await view.close()
   * ```
   */
  close(): Promise<void> {
    return this.#life.close(async () => {
      this.#stop.abort(new GoesError('CLOSED', 'The JSON view was closed.'))
      await this.#starting?.catch(() => undefined)
      await this.#subscription?.close()
      await this.#live
    })
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close()
  }

  async #begin(signal: AbortSignal | undefined): Promise<void> {
    const stop = signal === undefined ? this.#stop.signal : AbortSignal.any([signal, this.#stop.signal])
    if (stop.aborted) throw abortError(stop, 'MongoJsonView.start()')
    // One index per command: FerretDB 1.24 drops the connection when one createIndexes
    // command names two or more indexes that already exist.
    await this.#collection.createIndex(
      { aggregateName: 1, aggregateId: 1, aggregateVersion: 1 },
      { name: 'goes_view_aggregate' },
    )
    await this.#collection.createIndex({ name: 1, timeNano: 1 }, { name: 'goes_view_name' })
    // Subscribed before reading the store: an event inserted meanwhile arrives one way or both.
    const sub = await this.#bus.subscribe(ALL_EVENTS, { signal: this.#stop.signal })
    this.#subscription = sub
    this.#live = this.#follow(sub)
    let batch: Event[] = []
    for await (const e of this.#store.query(undefined, { signal: stop })) {
      batch.push(e)
      if (batch.length >= this.#batchSize) {
        await this.#write(batch)
        batch = []
      }
    }
    await this.#write(batch)
  }

  async #follow(sub: Subscription): Promise<void> {
    const errors = (async () => {
      for await (const err of sub.errors) this.#report(err, 'a bus message could not be read')
    })()
    try {
      for await (const e of sub) await this.#write([e])
    } catch (err) {
      if (this.#life.isOpen) this.#report(err, 'the bus subscription ended; restart the view')
    }
    await errors.catch(() => undefined)
  }

  // Upserts the copies; a failure is reported and the view goes on.
  async #write(events: readonly Event[]): Promise<void> {
    if (events.length === 0) return
    const ops: AnyBulkWriteOperation<JsonViewDocument>[] = events.map((e) => {
      const doc = viewDocument(e)
      return { replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } }
    })
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#collection.bulkWrite(ops, { ordered: false })
        return
      } catch (err) {
        // Two upserts of one new id raced (store and bus): the retry replaces instead.
        if (isDuplicateKey(err) && attempt < 3) continue
        this.#report(err, `copying ${events.length} event(s) failed`)
        return
      }
    }
  }

  #report(err: unknown, what: string): void {
    this.#life.report(asGoesError(err, 'HANDLER_FAILED', `The JSON view: ${what}`))
  }
}
