import { AsyncQueue, type BusError, type Event, GoesError, type Subscription } from '@goes/core'
import type { Subscription as DriverSubscription, Message, PubSub, SubscriberOptions } from '@google-cloud/pubsub'
import { isFatalForSubscription, toGoesError } from '../errors/driver-errors.js'
import { type ReadContext, readMessage, SKIP } from './decode.js'
import { Inbox, Received } from './inbox.js'
import type { Source } from './plan.js'
import { deleteSubscription } from './server-subscriptions.js'

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true })

/**
 * A subscription of a {@link PubSubBus}: the `Subscription` contract, read either with
 * `for await` or with {@link PubSubSubscription.consume}.
 *
 * Acknowledgement: with `for await`, an event is acked when the loop asks for the next one
 * (its body is done with it). With `consume(handler)`, it is acked when the handler resolves
 * and nacked when it throws — Pub/Sub then redelivers it, after any earlier event of its
 * ordering key, and the subscription goes on. Events held but not handed out, and the one in
 * hand, are nacked when the subscription closes (`break`, a throwing loop body, `close()`, the
 * signal), so a group redelivers them to another member.
 *
 * @example
 * ```ts
 * const sub = await bus.subscribe(['shop.order_placed'], { group: 'billing' })
 * void sub.consume(async (e) => { await bill(e) }) // a throw nacks: Pub/Sub redelivers the event
 * for await (const err of sub.errors) console.warn(err.code, err.message)
 * ```
 * @public
 */
export interface PubSubSubscription extends Subscription {
  /**
   * Runs `handler` for every event, one at a time, in delivery order: acks the event when the
   * handler resolves; nacks it when it throws (Pub/Sub redelivers it) and reports a
   * `HANDLER_FAILED` error on `errors`. Resolves when the subscription closes. A subscription is
   * read once: by `consume` or by `for await` (else `INVALID_STATE`).
   */
  consume(handler: (event: Event) => unknown): Promise<void>
  /** The Pub/Sub subscription ids it reads (for monitoring; broadcast ones are deleted on close). */
  readonly subscriptionIds: readonly string[]
  /** Errors dropped (oldest first) because more than `maxBufferedErrors` were waiting unread. */
  readonly droppedErrors: number
}

/** What a subscription needs from its bus. @internal */
export interface SubscriptionSettings {
  readonly client: PubSub
  readonly sources: readonly Source[]
  readonly read: ReadContext
  readonly subscriber: SubscriberOptions
  readonly maxBufferedErrors: number
  readonly signal: AbortSignal | undefined
  readonly onClose: (sub: BusSubscription) => void
}

/** The one implementation of {@link PubSubSubscription}. @internal */
export class BusSubscription implements PubSubSubscription {
  readonly closed: Promise<void>
  readonly subscriptionIds: readonly string[]
  readonly #s: SubscriptionSettings
  readonly #inbox = new Inbox()
  readonly #errors = new AsyncQueue<BusError>()
  readonly #waiters: ((r: Received | undefined) => void)[] = []
  readonly #streams: DriverSubscription[] = []
  #inHand: Received | undefined
  #mode: 'idle' | 'iterate' | 'consume' = 'idle'
  #dropped = 0
  #open = true
  #closing: Promise<void> | undefined
  #resolveClosed!: () => void
  readonly #onAbort = (): void => void this.close().catch(() => {})

  constructor(settings: SubscriptionSettings) {
    this.#s = settings
    this.subscriptionIds = settings.sources.map((s) => s.subscription)
    this.closed = new Promise((resolve) => {
      this.#resolveClosed = resolve
    })
  }

  /** Opens the streaming pulls; from now on messages arrive. */
  start(): void {
    for (const source of this.#s.sources) {
      const stream = this.#s.client.subscription(source.subscription, this.#s.subscriber)
      stream.on('message', (m: Message) => this.#onMessage(m, source))
      stream.on('error', (err: unknown) => this.#onError(err, source))
      stream.on('close', this.#onAbort) // the driver gave up on the stream
      this.#streams.push(stream)
    }
    this.#s.signal?.addEventListener('abort', this.#onAbort, { once: true })
  }

  get errors(): AsyncIterable<BusError> {
    return this.#errors
  }

  get droppedErrors(): number {
    return this.#dropped
  }

  [Symbol.asyncIterator](): AsyncIterator<Event> {
    this.#claim('iterate')
    return {
      next: async () => {
        const r = await this.#take()
        return r === undefined ? DONE : { value: r.event, done: false }
      },
      return: async () => {
        await this.close()
        return DONE
      },
    }
  }

  async consume(handler: (event: Event) => unknown): Promise<void> {
    if (typeof handler !== 'function') {
      throw new GoesError(
        'INVALID_OPTION',
        'consume() takes a function that handles one event, e.g. consume(async (e) => …).',
      )
    }
    this.#claim('consume')
    for (let r = await this.#take(); r !== undefined; r = await this.#take()) {
      try {
        await handler(r.event)
      } catch (err) {
        this.#inbox.nack(r) // with what it holds of the same ordering key: the redelivery comes first
        this.#report(
          new GoesError(
            'HANDLER_FAILED',
            `The handler failed on event "${r.event.name}" (${r.event.id}); it was nacked and Pub/Sub redelivers it: ${err instanceof Error ? err.message : String(err)}`,
            { cause: err },
          ),
        )
        continue
      }
      r.ack()
    }
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutdown()
    return this.#closing
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close()
  }

  #claim(mode: 'iterate' | 'consume'): void {
    if (this.#mode === mode && mode === 'iterate') return
    if (this.#mode !== 'idle') {
      throw new GoesError(
        'INVALID_STATE',
        `This subscription is already read by ${this.#mode === 'iterate' ? 'a for await loop' : 'consume()'}; read it once, one way. Subscribe again for a second reader.`,
      )
    }
    this.#mode = mode
  }

  /** The next event to hand out; acks the one handed out before (its reader is done with it). */
  #take(): Promise<Received | undefined> {
    this.#inHand?.ack()
    this.#inHand = undefined
    const r = this.#inbox.shift()
    if (r !== undefined) this.#inHand = r
    if (r !== undefined || !this.#open) return Promise.resolve(r)
    return new Promise((resolve) => this.#waiters.push(resolve))
  }

  #onMessage(message: Message, source: Source): void {
    if (!this.#open) {
      message.nack()
      return
    }
    const read = readMessage(message, source, this.#s.read)
    if (read === SKIP || read instanceof GoesError) {
      if (read !== SKIP) this.#report(read)
      message.ack() // not for this subscriber, or bytes no reader can use: never redelivered
      return
    }
    const r = new Received(read, message, source.subscription)
    const waiter = this.#waiters.shift()
    if (waiter === undefined) {
      this.#inbox.push(r)
      return
    }
    this.#inHand?.ack()
    this.#inHand = r
    waiter(r)
  }

  #onError(err: unknown, source: Source): void {
    this.#report(toGoesError(err, `reading the Pub/Sub subscription "${source.subscription}"`))
    if (isFatalForSubscription(err)) void this.close().catch(() => {})
  }

  #report(err: BusError): void {
    if (!this.#open) return
    if (this.#errors.size >= this.#s.maxBufferedErrors) {
      this.#errors.shift()
      this.#dropped++
    }
    this.#errors.push(err)
  }

  async #shutdown(): Promise<void> {
    this.#open = false
    this.#s.signal?.removeEventListener('abort', this.#onAbort)
    this.#inHand?.nack()
    this.#inHand = undefined
    this.#inbox.nackAll()
    for (const waiter of this.#waiters.splice(0)) waiter(undefined)
    this.#s.onClose(this)
    const failures: unknown[] = []
    await Promise.all(
      this.#streams.map((s) => {
        s.removeListener('close', this.#onAbort)
        return s.close().catch((err: unknown) => failures.push(err))
      }),
    )
    const ephemeral = this.#s.sources.filter((s) => s.ephemeral)
    await Promise.all(
      ephemeral.map((s) => deleteSubscription(this.#s.client, s.subscription).catch((err) => failures.push(err))),
    )
    this.#errors.close()
    this.#resolveClosed()
    if (failures.length > 0) throw toGoesError(failures[0], 'closing a Pub/Sub subscription')
  }
}
