import type { Event } from '../event/event.js'

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true })
const RESOLVED: Promise<void> = Promise.resolve()

// Segment sizes: small first, so an idle subscription costs little; at most 1024 slots (8 KiB),
// so no segment is ever a "large object". A ring buffer that doubles instead reached 131072
// slots (1 MiB) for a backlog of 100k events, and every doubling copied everything and wrote
// into freshly mapped memory — that growth cost more than the rest of delivering an event.
const FIRST_SEGMENT = 16
const MAX_SEGMENT = 1024

interface Segment {
  readonly items: (Event | undefined)[]
  next: Segment | undefined
}

function segment(size: number): Segment {
  return { items: new Array<Event | undefined>(size), next: undefined }
}

/**
 * One subscription's queue of events on a MemoryBus: a linked list of fixed-size segments, so
 * it grows without ever copying, and is its own async iterator (one consumer). A consumer that
 * keeps up reuses one segment; a consumed segment is kept as a spare for the next one needed.
 * `end()` drops what is buffered and ends every pending and later `next()`.
 *
 * @internal
 */
export class EventQueue implements AsyncIterator<Event> {
  #head: Segment = segment(FIRST_SEGMENT)
  #headPos = 0
  #tail: Segment = this.#head
  #tailPos = 0
  #spare: Segment | undefined
  #size = 0
  #ended = false
  #waiters: ((result: IteratorResult<Event>) => void)[] = []
  readonly #highWaterMark: number
  readonly #onReturn: () => void
  #writable: Promise<void> | undefined
  #wakeWriters: (() => void) | undefined

  /** `onReturn` runs when the consumer ends the iteration early (a `break`). */
  constructor(highWaterMark: number, onReturn: () => void) {
    this.#highWaterMark = highWaterMark
    this.#onReturn = onReturn
  }

  /** Events buffered and not yet taken. */
  get size(): number {
    return this.#size
  }

  /** Adds an event: straight to a waiting consumer, else to the buffer. Ignored once ended. */
  push(event: Event): void {
    if (this.#ended) return
    if (this.#waiters.length > 0) {
      this.#waiters.shift()!({ value: event, done: false })
      return
    }
    let tail = this.#tail
    if (this.#tailPos === tail.items.length) {
      let next = this.#spare
      this.#spare = undefined
      if (next === undefined) next = segment(Math.min(tail.items.length * 2, MAX_SEGMENT))
      tail.next = next
      this.#tail = tail = next
      this.#tailPos = 0
    }
    tail.items[this.#tailPos++] = event
    this.#size++
  }

  next(): Promise<IteratorResult<Event>> {
    if (this.#size > 0) return Promise.resolve({ value: this.#shift(), done: false })
    if (this.#ended) return Promise.resolve(DONE)
    return new Promise((resolve) => {
      this.#waiters.push(resolve)
    })
  }

  /** The consumer's `break`: ends the subscription. */
  return(): Promise<IteratorResult<Event>> {
    this.#onReturn()
    return Promise.resolve(DONE)
  }

  /** Resolves when the buffer is below the high-water mark, or once the queue has ended. */
  whenWritable(): Promise<void> {
    if (this.#size < this.#highWaterMark || this.#ended) return RESOLVED
    this.#writable ??= new Promise<void>((resolve) => {
      this.#wakeWriters = resolve
    })
    return this.#writable
  }

  /** Drops the buffered events, ends pending and later iterations, frees waiting writers. Idempotent. */
  end(): void {
    if (this.#ended) return
    this.#ended = true
    this.#head = this.#tail = segment(1)
    this.#headPos = this.#tailPos = this.#size = 0
    this.#spare = undefined
    this.#releaseWriters()
    const waiters = this.#waiters
    this.#waiters = []
    for (const resolve of waiters) resolve(DONE)
  }

  #shift(): Event {
    const seg = this.#head
    const pos = this.#headPos
    const event = seg.items[pos]!
    seg.items[pos] = undefined
    if (--this.#size === 0) {
      // Empty: head and tail are in this segment; start over at its beginning.
      this.#headPos = this.#tailPos = 0
    } else if (pos + 1 === seg.items.length) {
      this.#head = seg.next!
      this.#headPos = 0
      seg.next = undefined
      this.#spare = seg
    } else this.#headPos = pos + 1
    if (this.#wakeWriters !== undefined && this.#size < this.#highWaterMark) this.#releaseWriters()
    return event
  }

  #releaseWriters(): void {
    const wake = this.#wakeWriters
    this.#wakeWriters = undefined
    this.#writable = undefined
    wake?.()
  }
}
