/// <reference lib="esnext.disposable" preserve="true" />
import type { GoesError } from '../errors/errors.js'
import { SubscriptionLifecycle } from './lifecycle.js'

/**
 * What {@link SubscriptionBase} needs from its owner.
 *
 * @example
 * ```ts
 * super({ maxBufferedErrors: 1000, signal: options?.signal })
 * ```
 * @public
 */
export interface SubscriptionBaseSettings {
  /** Unread errors kept; beyond that the oldest are dropped and counted. */
  readonly maxBufferedErrors: number
  /** The subscribe call's signal: its abort closes the subscription. */
  readonly signal?: AbortSignal | undefined
}

/**
 * The face every subscription shows, built on {@link SubscriptionLifecycle}: `closed`,
 * `errors`, `droppedErrors`, `isOpen`, an idempotent `close()` (also by the signal and by
 * `await using`). A subclass says how it shuts down ({@link SubscriptionBase.shutdown}, run
 * once) and reports problems with {@link SubscriptionBase.report}; it adds the iteration.
 *
 * @example
 * ```ts
 * class MySubscription extends SubscriptionBase implements Subscription {
 *   protected shutdown() { return this.#driver.unsubscribe() }
 *   [Symbol.asyncIterator]() { return this.#events }
 * }
 * ```
 * @public
 */
export abstract class SubscriptionBase implements AsyncDisposable {
  /** The shared lifecycle: the latch, the error buffer, the signal link. */
  protected readonly lifecycle: SubscriptionLifecycle

  constructor(settings: SubscriptionBaseSettings) {
    this.lifecycle = new SubscriptionLifecycle({
      maxBufferedErrors: settings.maxBufferedErrors,
      signal: settings.signal,
      onAbort: () => void this.close(),
    })
  }

  /** Resolves once the subscription has ended, for whatever reason. */
  get closed(): Promise<void> {
    return this.lifecycle.closed
  }

  /** Problems with this subscription's messages; reading them is optional. */
  get errors(): AsyncIterable<GoesError> {
    return this.lifecycle.errors
  }

  /** Errors dropped (oldest first) because `maxBufferedErrors` were waiting unread. */
  get droppedErrors(): number {
    return this.lifecycle.droppedErrors
  }

  /** Whether `close()` has not been called yet. */
  get isOpen(): boolean {
    return this.lifecycle.isOpen
  }

  /** Reports a problem on `errors` (ignored once closed). */
  report(err: GoesError): void {
    if (this.lifecycle.isOpen) this.lifecycle.report(err)
  }

  /** Stops the subscription; idempotent. */
  close(): Promise<void> {
    return this.lifecycle.close(() => this.shutdown())
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close()
  }

  /** Ends the subscription's own side, once; `errors` ends and `closed` resolves after it. */
  protected abstract shutdown(): void | PromiseLike<void>
}
