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
 * The messages a subscription holds for its reader, first in first out. Nacking one takes out
 * the held messages of the same ordering key from the same Pub/Sub subscription too (they are
 * nacked as well), so the redelivery comes first and the key keeps its order.
 *
 * @internal
 */
export class Inbox {
  #items: (Received | undefined)[] = []
  #head = 0

  get size(): number {
    return this.#items.length - this.#head
  }

  push(r: Received): void {
    this.#items.push(r)
  }

  shift(): Received | undefined {
    if (this.#head === this.#items.length) return undefined
    const r = this.#items[this.#head]
    this.#items[this.#head++] = undefined
    if (this.#head === this.#items.length) {
      this.#items = []
      this.#head = 0
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head)
      this.#head = 0
    }
    return r
  }

  /** Nacks `r` and every held message after it with the same ordering key and source. */
  nack(r: Received): void {
    r.nack()
    const key = r.message.orderingKey
    if (key === undefined || key === '') return
    const kept: (Received | undefined)[] = []
    for (let i = this.#head; i < this.#items.length; i++) {
      const held = this.#items[i]!
      if (held.source === r.source && held.message.orderingKey === key) held.nack()
      else kept.push(held)
    }
    this.#items = kept
    this.#head = 0
  }

  /** Nacks everything held (on close: a group redelivers it to another member). */
  nackAll(): void {
    for (let r = this.shift(); r !== undefined; r = this.shift()) r.nack()
  }
}
