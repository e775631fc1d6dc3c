import { GoesError, isGoesError } from '../../errors/errors.js'
import { AsyncQueue } from '../../stream/queue.js'

/**
 * A bounded stream of reported errors: reading it is optional, so beyond `max` unread errors
 * the oldest are dropped (and counted) instead of piling up.
 *
 * @internal
 */
export class ErrorStream {
  readonly #queue = new AsyncQueue<GoesError>()
  readonly #max: number
  dropped = 0

  constructor(max: number) {
    this.#max = max
  }

  get iterable(): AsyncIterable<GoesError> {
    return this.#queue
  }

  /** Reports `err`, turned into a goes error (`MALFORMED_MESSAGE`) if it is not one. */
  report(err: unknown, context: string): void {
    if (this.#queue.closed) return
    if (this.#queue.size >= this.#max) {
      this.#queue.shift()
      this.dropped++
    }
    this.#queue.push(
      isGoesError(err)
        ? err
        : new GoesError('MALFORMED_MESSAGE', `${context}: ${err instanceof Error ? err.message : String(err)}`, {
            cause: err,
          }),
    )
  }

  /** Ends the stream once the buffered errors were read. */
  close(): void {
    this.#queue.close()
  }
}
