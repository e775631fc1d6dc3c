import { type Event, GoesError, type Subscription } from '@goes/core'
import { SubscriptionBase, type WireAddressing, WireRejection } from '@goes/core/backend'
import type { Subscription as DriverSubscription, Message, PubSub, SubscriberOptions } from '@google-cloud/pubsub'
import { isFatalForSubscription, toGoesError } from '../errors/driver-errors.js'
import { readMessage } from './decode.js'
import { Inbox, Received } from './inbox.js'
import type { Source } from './plan.js'
import { closeStreams, openStreams, type StreamEvents } from './server-subscriptions.js'

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
}

/** What a subscription needs from its bus. @internal */
export interface SubscriptionSettings {
  readonly client: PubSub
  readonly sources: readonly Source[]
  readonly addressing: WireAddressing
  readonly subscriber: SubscriberOptions
  readonly maxBufferedErrors: number
  readonly signal: AbortSignal | undefined
  readonly onClose: (sub: BusSubscription) => void
}

/** The one implementation of {@link PubSubSubscription}. @internal */
export class BusSubscription extends SubscriptionBase implements PubSubSubscription {
  readonly subscriptionIds: readonly string[]
  readonly #s: SubscriptionSettings
  readonly #inbox = new Inbox()
  readonly #on: StreamEvents
  #streams: readonly DriverSubscription[] = []
  #mode: 'idle' | 'iterate' | 'consume' = 'idle'
  readonly #gone = (): void => void this.close().catch(() => {})

  constructor(settings: SubscriptionSettings) {
    super(settings)
    this.#s = settings
    this.subscriptionIds = settings.sources.map((s) => s.subscription)
    this.#on = {
      message: (m, source) => this.#onMessage(m, source),
      error: (err, source) => this.#onError(err, source),
      gone: this.#gone,
    }
  }

  /** Opens the streaming pulls; from now on messages arrive. Nothing is opened once closed. */
  start(): void {
    if (!this.isOpen) return
    this.#streams = openStreams(this.#s.client, this.#s.sources, this.#s.subscriber, this.#on)
  }

  [Symbol.asyncIterator](): AsyncIterator<Event> {
    this.#claim('iterate')
    return {
      next: async () => {
        const r = await this.#inbox.take()
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
    for (let r = await this.#inbox.take(); r !== undefined; r = await this.#inbox.take()) {
      try {
        await handler(r.event)
      } catch (err) {
        this.#inbox.nack(r) // with what it holds of the same ordering key: the redelivery comes first
        const why = err instanceof Error ? err.message : String(err)
        this.report(
          new GoesError(
            'HANDLER_FAILED',
            `The handler failed on event "${r.event.name}" (${r.event.id}); it was nacked and Pub/Sub redelivers it: ${why}`,
            { cause: err },
          ),
        )
        continue
      }
      r.ack()
    }
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

  #onMessage(message: Message, source: Source): void {
    if (!this.isOpen) {
      message.nack()
      return
    }
    const read = readMessage(message, source, this.#s.addressing)
    if (read === undefined || read instanceof WireRejection) {
      if (read !== undefined) this.report(read.error)
      message.ack() // not for this subscriber, or bytes no reader can use: never redelivered
      return
    }
    this.#inbox.push(new Received(read, message, source.subscription))
  }

  #onError(err: unknown, source: Source): void {
    if (!this.isOpen) return
    this.report(toGoesError(err, `reading the Pub/Sub subscription "${source.subscription}"`))
    if (isFatalForSubscription(err)) void this.close().catch(() => {})
  }

  protected async shutdown(): Promise<void> {
    this.#inbox.end()
    this.#s.onClose(this)
    const failures = await closeStreams(this.#s.client, this.#streams, this.#s.sources, this.#on)
    if (failures.length > 0) throw toGoesError(failures[0], 'closing a Pub/Sub subscription')
  }
}
