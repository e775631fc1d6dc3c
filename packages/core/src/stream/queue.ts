import { GoesError } from '../errors/errors.js'

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true })
const RESOLVED: Promise<void> = Promise.resolve()

const OPEN = 0
const CLOSED = 1 // no more pushes; buffered items are still delivered, then done
const FAILED = 2 // like CLOSED, but ends with the error instead of done
const ENDED = 3 // nothing more is delivered

/**
 * Options of {@link AsyncQueue}.
 *
 * @example
 * ```ts
 * const options: AsyncQueueOptions = { highWaterMark: 256 }
 * ```
 * @public
 */
export interface AsyncQueueOptions {
  /**
   * Buffered items at which {@link AsyncQueue.whenWritable} starts waiting for the consumer.
   * A soft limit: `push` itself never refuses an item of an open queue. Unbounded by default.
   */
  readonly highWaterMark?: number
}

/**
 * A push-to-pull bridge: producers `push` items, one consumer takes them with `for await`.
 * Buffered in a ring buffer; a waiting consumer is handed an item directly. `close()` lets the
 * consumer finish the buffered items and then ends the iteration; `fail(err)` does the same but
 * ends it with `err`; the consumer's `return()` (a `break`) closes the queue and drops the rest.
 * For back-pressure give a `highWaterMark` and `await queue.whenWritable()` before pushing.
 *
 * @example
 * ```ts
 * const queue = new AsyncQueue<number>({ highWaterMark: 100 })
 * void (async () => { for (let i = 0; i < 1000; i++) { await queue.whenWritable(); queue.push(i) } queue.close() })()
 * for await (const n of queue) console.log(n)
 * ```
 * @public
 */
export class AsyncQueue<T> implements AsyncIterableIterator<T>, AsyncDisposable {
  #ring: (T | undefined)[] = new Array(16)
  #mask = 15
  #head = 0
  #size = 0
  #state = OPEN
  #error: unknown
  #waiters: { resolve(r: IteratorResult<T>): void; reject(err: unknown): void }[] = []
  readonly #highWaterMark: number
  #writable: Promise<void> | undefined
  #wakeWriters: (() => void) | undefined

  constructor(options: AsyncQueueOptions = {}) {
    const hwm = options.highWaterMark ?? Number.POSITIVE_INFINITY
    if (!(hwm >= 1)) {
      throw new GoesError(
        'INVALID_OPTION',
        `The AsyncQueue highWaterMark must be a number ≥ 1, got ${String(options.highWaterMark)}. Leave it out for an unbounded queue.`,
      )
    }
    this.#highWaterMark = hwm
  }

  /** Items buffered and not yet taken. */
  get size(): number {
    return this.#size
  }

  /** Whether the queue accepts no more items (closed, failed, or returned by its consumer). */
  get closed(): boolean {
    return this.#state !== OPEN
  }

  /** Adds an item; returns false (and drops it) when the queue no longer accepts items. */
  push(value: T): boolean {
    if (this.#state !== OPEN) return false
    if (this.#waiters.length > 0) {
      this.#waiters.shift()!.resolve({ value, done: false })
      return true
    }
    if (this.#size === this.#ring.length) this.#grow()
    this.#ring[(this.#head + this.#size) & this.#mask] = value
    this.#size++
    return true
  }

  /** Resolves when a push would stay below the high-water mark, or once the queue is closed. */
  whenWritable(): Promise<void> {
    if (this.#size < this.#highWaterMark || this.#state !== OPEN) return RESOLVED
    this.#writable ??= new Promise<void>((resolve) => {
      this.#wakeWriters = resolve
    })
    return this.#writable
  }

  /** Ends the queue after the buffered items. Idempotent. */
  close(): void {
    if (this.#state !== OPEN) return
    this.#state = CLOSED
    this.#settleIdle()
  }

  /** Ends the queue after the buffered items with `error`. Ignored once the queue is closed. */
  fail(error: unknown): void {
    if (this.#state !== OPEN) return
    this.#state = FAILED
    this.#error = error
    this.#settleIdle()
  }

  /**
   * Takes the oldest buffered item without waiting, or `undefined` when none is buffered — for
   * producers that drop the oldest item to bound a buffer.
   */
  shift(): T | undefined {
    if (this.#size === 0) return undefined
    const head = this.#head
    const value = this.#ring[head] as T
    this.#ring[head] = undefined
    this.#head = (head + 1) & this.#mask
    this.#size--
    if (this.#wakeWriters !== undefined && this.#size < this.#highWaterMark) this.#releaseWriters()
    return value
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#size > 0) return Promise.resolve({ value: this.shift() as T, done: false })
    if (this.#state === OPEN) return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }))
    if (this.#state === FAILED) {
      this.#state = ENDED // the error is reported once
      return Promise.reject(this.#error)
    }
    this.#state = ENDED
    return Promise.resolve(DONE)
  }

  /** Closes the queue from the consumer's side and drops what is buffered. */
  return(): Promise<IteratorResult<T>> {
    this.#state = ENDED
    this.#ring = new Array(16)
    this.#mask = 15
    this.#head = 0
    this.#size = 0
    this.#settleIdle()
    return Promise.resolve(DONE)
  }

  [Symbol.asyncIterator](): this {
    return this
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return()
  }

  /** Wakes writers and settles waiting consumers once nothing more can arrive. */
  #settleIdle(): void {
    this.#releaseWriters()
    if (this.#size > 0 || this.#waiters.length === 0) return
    const waiters = this.#waiters
    this.#waiters = []
    let i = 0
    if (this.#state === FAILED) {
      this.#state = ENDED
      waiters[i++]!.reject(this.#error)
    }
    for (; i < waiters.length; i++) waiters[i]!.resolve(DONE)
  }

  #releaseWriters(): void {
    const wake = this.#wakeWriters
    this.#wakeWriters = undefined
    this.#writable = undefined
    wake?.()
  }

  #grow(): void {
    const old = this.#ring
    const next: (T | undefined)[] = new Array(old.length * 2)
    for (let i = 0; i < this.#size; i++) next[i] = old[(this.#head + i) & this.#mask]
    this.#ring = next
    this.#mask = next.length - 1
    this.#head = 0
  }
}
