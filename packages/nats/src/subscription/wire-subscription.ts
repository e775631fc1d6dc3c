/// <reference lib="esnext.disposable" preserve="true" />
import type { BusError, Event, Subscription } from '@goes/core'
import { AsyncQueue, readWireMessage, SubscriptionBase, type WireAddressing, WireRejection } from '@goes/core/backend'
import type { WireMessage } from './decode.js'

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true })

/**
 * A subscription of a NATS bus: the `Subscription` contract plus a count of the errors its
 * bounded error buffer had to drop because nobody read them.
 *
 * @example
 * ```ts
 * const sub = await bus.subscribe('*')
 * if (sub.droppedErrors > 0) console.warn(`${sub.droppedErrors} bus errors went unread`)
 * ```
 * @public
 */
export interface NatsSubscription extends Subscription {}

/** What every wire subscription needs from its bus. @internal */
export interface WireSettings {
  /** How messages are read: the registry, subjects as addresses, the subscribed names. */
  readonly addressing: WireAddressing
  readonly maxBufferedErrors: number
  readonly signal: AbortSignal | undefined
  /** Called once when the subscription closes, so the bus forgets it. */
  readonly onClose: (sub: WireSubscription<WireMessage>) => void
}

/**
 * The part of a core and a JetStream subscription that is the same: messages queue up as the
 * driver hands them over and are decoded when the reader asks for them (so a bad message is
 * reported in its place in the stream), errors go to a bounded buffer, and closing — by
 * `close()`, a `break`, the signal or `await using` — is idempotent.
 *
 * @internal
 */
export abstract class WireSubscription<M extends WireMessage>
  extends SubscriptionBase
  implements NatsSubscription, AsyncIterator<Event>
{
  protected readonly items = new AsyncQueue<M>()
  readonly #settings: WireSettings

  constructor(settings: WireSettings) {
    super(settings)
    this.#settings = settings
  }

  /** Queues a message from the driver; one that arrives after close goes to `dropped`. */
  deliver(m: M): void {
    if (!this.items.push(m)) this.dropped(m)
  }

  [Symbol.asyncIterator](): AsyncIterator<Event> {
    return this
  }

  next(): Promise<IteratorResult<Event>> {
    this.beforeNext()
    const items = this.items
    while (items.size > 0) {
      const event = this.#take(items.shift()!)
      if (event !== undefined) return Promise.resolve({ value: event, done: false })
    }
    if (!this.isOpen) return Promise.resolve(DONE)
    this.idle()
    return this.#wait()
  }

  /** The reader's `break` (or a throw in its loop): closes the subscription. */
  return(): Promise<IteratorResult<Event>> {
    void this.close()
    return Promise.resolve(DONE)
  }

  protected shutdown(): Promise<void> {
    this.#settings.onClose(this as WireSubscription<WireMessage>)
    for (let m = this.items.shift(); m !== undefined; m = this.items.shift()) this.dropped(m)
    void this.items.return() // pending next() calls end
    // A failure to stop the driver's side is reported; the subscription is closed anyway.
    return this.stop().catch((err: unknown) => this.lifecycle.report(err as BusError))
  }

  /** Ends the driver's side (unsubscribe, stop consuming, give back unacknowledged messages). */
  protected abstract stop(): Promise<void>

  /** Runs at the start of every `next()`: the reader has taken the previous event. */
  protected beforeNext(): void {}

  /** A message became the event handed to the reader. */
  protected accepted(_m: M): void {}

  /** A message was skipped: malformed (reported on `errors`), or of a name not subscribed to. */
  protected skipped(_m: M, _malformed: boolean): void {}

  /** A message was never handed to the reader because the subscription closed. */
  protected dropped(_m: M): void {}

  /** The reader has taken everything buffered and now waits for the driver. */
  protected idle(): void {}

  async #wait(): Promise<IteratorResult<Event>> {
    for (;;) {
      const r = await this.items.next()
      if (r.done) return DONE
      const event = this.#take(r.value)
      if (event !== undefined) return { value: event, done: false }
    }
  }

  #take(m: M): Event | undefined {
    const out = readWireMessage(m.data, m.subject, this.#settings.addressing)
    if (out === undefined || out instanceof WireRejection) {
      if (out !== undefined) this.report(out.error)
      this.skipped(m, out !== undefined)
      return undefined
    }
    this.accepted(m)
    return out
  }
}
