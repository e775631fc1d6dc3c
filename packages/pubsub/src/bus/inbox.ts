import type { Event } from '@goes/core'
import type { Message } from '@google-cloud/pubsub'

/** A decoded event and the message it came in, until it is acked or nacked. @internal */
export class Received {
  #settled = false

  constructor(
    readonly event: Event,
    readonly message: Message,
    /** The Pub/Sub subscription it came from. */
    readonly source: string,
  ) {}

  /** Acknowledges the message, once; later calls (and a nack after it) are ignored. */
  ack(): void {
    if (this.#settled) return
    this.#settled = true
    this.message.ack()
  }

  /** Gives the message back for redelivery, once; ignored after an ack. */
  nack(): void {
    if (this.#settled) return
    this.#settled = true
    this.message.nack()
  }
}

/**
 * What a subscription holds for its reader: received messages, first in first out, the one in
 * the reader's hand, and the reader waiting for the next. Taking the next acks the one in hand
 * (the reader is done with it). Nacking one takes out the held messages of the same ordering
 * key from the same Pub/Sub subscription too (nacked as well), so the redelivery comes first
 * and the key keeps its order. Ending nacks everything held, and the one in hand.
 *
 * @internal
 */
export class Inbox {
  #items: Received[] = []
  #head = 0
  #inHand: Received | undefined
  #waiters: ((r: Received | undefined) => void)[] = []
  #ended = false

  /** The next message for the reader; `undefined` once ended. */
  take(): Promise<Received | undefined> {
    this.#inHand?.ack()
    this.#inHand = undefined
    if (this.#head < this.#items.length) return Promise.resolve(this.#handOut(this.#shift()))
    if (this.#ended) return Promise.resolve(undefined)
    return new Promise((resolve) => this.#waiters.push(resolve))
  }

  /** Hands `r` to a waiting reader, or holds it. */
  push(r: Received): void {
    const waiter = this.#waiters.shift()
    if (waiter === undefined) this.#items.push(r)
    else waiter(this.#handOut(r))
  }

  /** Nacks `r` and every held message after it with the same ordering key and source. */
  nack(r: Received): void {
    r.nack()
    const key = r.message.orderingKey
    if (key === undefined || key === '') return
    const kept: Received[] = []
    for (let i = this.#head; i < this.#items.length; i++) {
      const held = this.#items[i]!
      if (held.source === r.source && held.message.orderingKey === key) held.nack()
      else kept.push(held)
    }
    this.#items = kept
    this.#head = 0
  }

  /** Nacks everything held and the one in hand (a group hands them to another member); readers get `undefined`. */
  end(): void {
    this.#ended = true
    this.#inHand?.nack()
    this.#inHand = undefined
    while (this.#head < this.#items.length) this.#shift().nack()
    for (const waiter of this.#waiters.splice(0)) waiter(undefined)
  }

  #handOut(r: Received): Received {
    this.#inHand?.ack() // a second reader asked while the first one held an event
    this.#inHand = r
    return r
  }

  #shift(): Received {
    const r = this.#items[this.#head++]!
    if (this.#head === this.#items.length) {
      this.#items = []
      this.#head = 0
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head)
      this.#head = 0
    }
    return r
  }
}
