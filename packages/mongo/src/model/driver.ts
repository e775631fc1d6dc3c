import { GoesError, isGoesError } from '@goes/core'
import { AsyncQueue } from '@goes/core/backend'
import type { Collection, Document, IndexSpecification } from 'mongodb'
import { aborted, driverCall } from '../internal/errors.js'

// Helpers of the snapshot store, model repository, outbox and view; driver errors are mapped in
// ../internal/errors.ts (one place for the package).

export { aborted, checkSignal, driverCall, isDuplicateKey } from '../internal/errors.js'

/**
 * Sleeps `ms`, or rejects with `ABORTED` as soon as the signal aborts.
 *
 * @internal
 */
export function sleep(ms: number, signal?: AbortSignal, what = 'A wait'): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(aborted(signal, what))
    const done = (): void => {
      signal?.removeEventListener('abort', stop)
      resolve()
    }
    const stop = (): void => {
      clearTimeout(timer)
      reject(aborted(signal!, what))
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', stop, { once: true })
  })
}

/**
 * Creates a unique index the first time the returned function is called; later calls wait
 * for the same creation. A failed creation is retried by the next call.
 *
 * @internal
 */
export function uniqueIndexOnce<T extends Document>(
  collection: Collection<T>,
  keys: IndexSpecification,
  name: string,
): (signal: AbortSignal | undefined) => Promise<void> {
  let created: Promise<void> | undefined
  return (signal) => {
    created ??= collection.createIndex(keys, { unique: true, name }).then(
      () => undefined,
      (err: unknown) => {
        created = undefined
        throw err
      },
    )
    const pending = created
    return driverCall(`Creating the index ${name}`, signal, () => pending)
  }
}

/**
 * The `errors` stream of a long-running service (outbox relay, JSON view): failures are
 * pushed, never thrown; a goes error as it is, anything else as `HANDLER_FAILED` naming the
 * service and what failed. Holds at most 1,000 unread errors (later ones are dropped), so
 * nobody has to read it.
 *
 * @internal
 */
export class ErrorStream {
  readonly queue = new AsyncQueue<GoesError>()
  readonly #service: string

  constructor(service: string) {
    this.#service = service
  }

  report(err: unknown, what: string): void {
    if (this.queue.size >= 1000) return
    const message = err instanceof Error ? err.message : String(err)
    this.queue.push(
      isGoesError(err) ? err : new GoesError('HANDLER_FAILED', `${this.#service}: ${what}: ${message}`, { cause: err }),
    )
  }
}
