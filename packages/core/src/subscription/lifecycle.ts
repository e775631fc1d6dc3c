import type { GoesError } from '../errors/errors.js'
import { isPromiseLike } from '../stream/abort.js'
import { ErrorBuffer } from './error-buffer.js'

/**
 * What a {@link SubscriptionLifecycle} needs from its owner.
 *
 * @example
 * ```ts
 * const settings: LifecycleSettings = { maxBufferedErrors: 1000, signal, onAbort: () => void sub.close() }
 * ```
 * @public
 */
export interface LifecycleSettings {
  /** Unread errors kept (see {@link ErrorBuffer}). */
  readonly maxBufferedErrors: number
  /** The subscribe call's signal: its abort calls `onAbort` (once). */
  readonly signal?: AbortSignal | undefined
  /** What the signal's abort does: the owner's `close()`. */
  readonly onAbort?: () => void
}

/**
 * The lifecycle every subscription shares, whatever its backend: the closed latch (`isOpen`,
 * a `closed` promise, an idempotent close), the bounded error buffer with its count of dropped
 * errors, and the link to the subscribe call's `AbortSignal`. Owners compose it and implement
 * the `Subscription` contract around it.
 *
 * `close(stop)` runs `stop` exactly once, on the first call: the latch is shut before `stop`
 * runs (reports made meanwhile still land), then the error buffer ends and `closed` resolves —
 * also when `stop` fails. Every call returns the first call's outcome.
 *
 * @example
 * ```ts
 * class MySubscription implements Subscription {
 *   readonly #life = new SubscriptionLifecycle({ maxBufferedErrors: 1000, signal, onAbort: () => void this.close() })
 *   get closed() { return this.#life.closed }
 *   get errors() { return this.#life.errors }
 *   get droppedErrors() { return this.#life.droppedErrors }
 *   close() { return this.#life.close(() => this.#driver.unsubscribe()) }
 *   // …
 * }
 * ```
 * @public
 */
export class SubscriptionLifecycle {
  /** Resolves once closed, for whatever reason. */
  readonly closed: Promise<void>
  /** The subscription's `errors`. */
  readonly errors: ErrorBuffer
  readonly #signal: AbortSignal | undefined
  readonly #onAbort: (() => void) | undefined
  #open = true
  #closing: Promise<void> | undefined
  #resolveClosed!: () => void

  constructor(settings: LifecycleSettings) {
    this.errors = new ErrorBuffer(settings.maxBufferedErrors)
    this.closed = new Promise((resolve) => {
      this.#resolveClosed = resolve
    })
    this.#signal = settings.signal
    this.#onAbort = settings.onAbort
    if (this.#signal !== undefined && this.#onAbort !== undefined) {
      if (this.#signal.aborted) queueMicrotask(this.#onAbort)
      else this.#signal.addEventListener('abort', this.#onAbort, { once: true })
    }
  }

  /** Whether `close` has not been called yet. */
  get isOpen(): boolean {
    return this.#open
  }

  /** Errors dropped because `maxBufferedErrors` were waiting unread. */
  get droppedErrors(): number {
    return this.errors.dropped
  }

  /** Reports an error on `errors` (ignored once the buffer has ended). */
  report(err: GoesError): void {
    this.errors.report(err)
  }

  /** Closes once; see the class docs. A synchronous `stop` completes the close synchronously. */
  close(stop?: () => void | PromiseLike<void>): Promise<void> {
    if (this.#closing !== undefined) return this.#closing
    this.#open = false
    if (this.#signal !== undefined && this.#onAbort !== undefined) {
      this.#signal.removeEventListener('abort', this.#onAbort)
    }
    let result: void | PromiseLike<void>
    try {
      result = stop?.()
    } catch (err) {
      this.#finish()
      this.#closing = handled(Promise.reject(err))
      return this.#closing
    }
    if (!isPromiseLike(result)) {
      this.#finish()
      this.#closing = this.closed
      return this.#closing
    }
    this.#closing = handled(Promise.resolve(result).finally(() => this.#finish()))
    return this.#closing
  }

  #finish(): void {
    this.errors.close() // errors already buffered can still be read
    this.#resolveClosed()
  }
}

// A close is often started without awaiting it (an abort, a `break`); its failure must not
// become an unhandled rejection. Callers who await it still get the rejection.
function handled<T>(p: Promise<T>): Promise<T> {
  p.catch(() => {})
  return p
}
