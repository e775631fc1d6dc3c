import type { BusError } from '@goes/core'
import { AsyncQueue } from '@goes/core/backend'

/**
 * The `errors` of a subscription: a bounded buffer that drops (and counts) the oldest error
 * when nobody reads them, and ignores reports once closed.
 *
 * @internal
 */
export class ErrorBuffer {
  readonly #queue = new AsyncQueue<BusError>()
  readonly #max: number
  #dropped = 0

  constructor(max: number) {
    this.#max = max
  }

  get iterable(): AsyncIterable<BusError> {
    return this.#queue
  }

  get dropped(): number {
    return this.#dropped
  }

  report(err: BusError): void {
    if (this.#queue.closed) return
    if (this.#queue.size >= this.#max) {
      this.#queue.shift()
      this.#dropped++
    }
    this.#queue.push(err)
  }

  /** Ends the iteration after the buffered errors. */
  close(): void {
    this.#queue.close()
  }
}
