import type { GoesError } from '../errors/errors.js'
import { ErrorBuffer } from '../subscription/error-buffer.js'
import { KeyedPool } from './pool.js'

/** What a {@link RunningLoop} pulls from: a bus subscription of events or of commands. @internal */
export interface LoopSource<T> extends AsyncIterable<T> {
  /** The subscription's own reports (malformed messages); forwarded to the loop's errors. */
  readonly errors: AsyncIterable<GoesError>
  close(): Promise<void>
}

/** The parts of a start that succeeded, handed over to the loop. @internal */
export interface LoopInput<T> {
  readonly sub: LoopSource<T>
  /** Aborted when the loop stops; linked to the caller's start signal, whose abort stops the loop. */
  readonly controller: AbortController
  readonly options: {
    readonly workers: number
    readonly onError: ((err: GoesError) => void) | undefined
    readonly maxBufferedErrors: number
  }
  /** Called once the loop has stopped (to detach the caller's abort listener). */
  readonly cleanup: () => void
}

/**
 * The running part shared by the event handler and the command handler: pulls items from a
 * subscription into a {@link KeyedPool} (items of one key in order, at most `2 × workers`
 * unfinished), reports errors to `onError` and a bounded `errors` stream, and stops — on
 * `stop()`, disposal, the start signal's abort or a failing subscription — by closing the
 * subscription and waiting for the items in flight.
 *
 * A subclass says how one item is handled ({@link handle}), what a subscription failure is
 * reported as ({@link fatal}), and may run something before the live items ({@link beforeLive},
 * the event handler's replay) and skip some of them ({@link skip}). The loop only starts after
 * the constructors have returned, so those hooks see a fully built subclass.
 *
 * @internal
 */
export abstract class RunningLoop<T> implements AsyncDisposable {
  readonly errors: AsyncIterable<GoesError>
  readonly done: Promise<void>
  protected readonly input: LoopInput<T>
  protected readonly pool: KeyedPool<T>
  readonly #errors: ErrorBuffer
  #stopping = false

  constructor(input: LoopInput<T>, key: (item: T) => string | undefined) {
    this.input = input
    this.#errors = new ErrorBuffer(input.options.maxBufferedErrors)
    this.errors = this.#errors
    this.pool = new KeyedPool(input.options.workers, key, (item) => this.handle(item))
    void this.#forwardSubscriptionErrors()
    this.done = this.#loop()
    // The caller's start signal is linked to the controller; its abort is a stop like any other.
    const signal = input.controller.signal
    if (signal.aborted) void this.stop()
    else signal.addEventListener('abort', () => void this.stop(), { once: true })
  }

  /** Errors dropped from `errors` because `maxBufferedErrors` were waiting unread. */
  get droppedErrors(): number {
    return this.#errors.dropped
  }

  stop(): Promise<void> {
    if (!this.#stopping) {
      this.#stopping = true
      this.input.controller.abort()
      this.input.sub.close().catch(() => {})
    }
    return this.done
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop()
  }

  /** Whether the loop is stopping (or stopped): pulling loops check it after each accepted item. */
  protected get stopping(): boolean {
    return this.#stopping
  }

  /** Handles one accepted item; must never reject (report failures with {@link report}). */
  protected abstract handle(item: T): Promise<void>

  /** The error reported when pulling failed with `err` (the loop then stops). */
  protected abstract fatal(err: unknown): GoesError

  /**
   * Runs before the live items are pulled, or returns `undefined` for nothing to run. Once it
   * resolves, the loop pulls live items unless it is stopping by then.
   */
  protected beforeLive(): Promise<void> | undefined {
    return undefined
  }

  /** Whether a live item is to be dropped unhandled (e.g. already replayed). */
  protected skip(_item: T): boolean {
    return false
  }

  /** Called once stopped and every item in flight finished, before `errors` ends. */
  protected stopped(): void {}

  /** Reports `err` to `onError` and the `errors` stream. */
  protected report(err: GoesError): void {
    const onError = this.input.options.onError
    if (onError !== undefined) {
      try {
        onError(err)
      } catch {
        // Documented: onError must not throw. Reporting its failure to itself could loop.
      }
    }
    // Bounded while nobody reads: the oldest are dropped (onError above still saw them).
    this.#errors.report(err)
  }

  async #forwardSubscriptionErrors(): Promise<void> {
    try {
      for await (const err of this.input.sub.errors) this.report(err)
    } catch {
      // The error stream itself failed; the pulling loop reports the subscription's failure.
    }
  }

  async #loop(): Promise<void> {
    // Yield first, so the constructors return before any handler runs.
    await Promise.resolve()
    const { sub, controller } = this.input
    const pool = this.pool
    try {
      const before = this.beforeLive()
      if (before !== undefined) {
        await before
        if (this.#stopping) return
      }
      for await (const item of sub) {
        if (this.skip(item)) continue
        const wait = pool.room()
        if (wait !== undefined) await wait
        // Accepted even when stopping meanwhile: the item is already taken from the
        // subscription, and dropping it would lose it silently (or leave a dispatcher waiting).
        pool.accept(item)
        if (this.#stopping) break
      }
    } catch (err) {
      if (!this.#stopping) this.report(this.fatal(err))
    } finally {
      this.#stopping = true
      controller.abort()
      await sub.close().catch(() => {})
      await pool.idle()
      this.stopped()
      this.#errors.close()
      this.input.cleanup()
    }
  }
}
