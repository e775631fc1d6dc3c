import type { GoesError } from '../errors/errors.js'
import { AsyncQueue } from '../stream/queue.js'

/**
 * The `errors` of a subscription or a long-running service: reading them is optional, so the
 * buffer holds at most `max` unread errors — beyond that it drops the OLDEST and counts it in
 * {@link ErrorBuffer.dropped} (the newest errors say most about the present). Reports after
 * {@link ErrorBuffer.close} are ignored; iteration ends once the buffered errors are read.
 * Iterate it once.
 *
 * @example
 * ```ts
 * const errors = new ErrorBuffer(1000)
 * errors.report(new GoesError('MALFORMED_MESSAGE', 'A message could not be decoded.'))
 * for await (const err of errors) console.warn(err.code, err.message)
 * ```
 * @public
 */
export class ErrorBuffer implements AsyncIterable<GoesError> {
  readonly #queue = new AsyncQueue<GoesError>()
  readonly #max: number
  #dropped = 0

  /** @param max - unread errors kept (an integer ≥ 1, checked by the owner's options). */
  constructor(max: number) {
    this.#max = max
  }

  /** Errors dropped so far because `max` were waiting unread. */
  get dropped(): number {
    return this.#dropped
  }

  /** Errors waiting to be read. */
  get size(): number {
    return this.#queue.size
  }

  /** Whether {@link ErrorBuffer.close} was called. */
  get closed(): boolean {
    return this.#queue.closed
  }

  /** Buffers `err`, dropping (and counting) the oldest unread one when full; ignored once closed. */
  report(err: GoesError): void {
    if (this.#queue.closed) return
    if (this.#queue.size >= this.#max) {
      this.#queue.shift()
      this.#dropped++
    }
    this.#queue.push(err)
  }

  /** Ends the iteration after the errors already buffered. Idempotent. */
  close(): void {
    this.#queue.close()
  }

  [Symbol.asyncIterator](): AsyncIterator<GoesError> {
    return this.#queue
  }
}
