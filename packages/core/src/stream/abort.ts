import { abortError, GoesError } from '../errors/errors.js'

/**
 * Anything `for await` accepts: an async iterable, or a plain (sync) iterable.
 *
 * @example
 * ```ts
 * const sources: StreamSource<number>[] = [[1, 2], store.query(), subscription]
 * ```
 * @public
 */
export type StreamSource<T> = AsyncIterable<T> | Iterable<T>

/** The iterator of a stream source; sync iterators are used as they are (`await` handles them). @internal */
export function iteratorOf<T>(source: StreamSource<T>): AsyncIterator<T> | Iterator<T> {
  const asyncFn = (source as AsyncIterable<T>)[Symbol.asyncIterator]
  if (typeof asyncFn === 'function') return asyncFn.call(source)
  const syncFn = (source as Iterable<T>)[Symbol.iterator]
  if (typeof syncFn === 'function') return syncFn.call(source)
  throw new GoesError(
    'INVALID_OPTION',
    'Expected an iterable or async iterable (something `for await` accepts), got something else.',
  )
}

/**
 * Calls the iterator's `return()` so its source releases what it holds. Errors of `return()`
 * are swallowed: the caller is already stopping for another reason. With `wait` false the
 * call is not awaited — after an abort the source may still be stuck in a pending `next()`,
 * and an async generator would queue `return()` behind it forever.
 *
 * @internal
 */
export async function closeIterator(it: AsyncIterator<unknown> | Iterator<unknown>, wait = true): Promise<void> {
  const ret = (it as { return?: () => unknown }).return
  if (typeof ret !== 'function') return
  try {
    const p = ret.call(it)
    if (wait) await p
    else Promise.resolve(p).catch(() => {})
  } catch {
    // The source failed while closing; the caller's own outcome matters more.
  }
}

/**
 * Races promises against an AbortSignal with one listener for the whole lifetime (not one per
 * item): the pending race rejects with the `ABORTED` error as soon as the signal fires. At
 * most one race is pending at a time, which fits sequential pulling.
 *
 * @internal
 */
export class AbortRace {
  #reject: ((err: unknown) => void) | undefined
  readonly #signal: AbortSignal
  readonly #what: string
  readonly #onAbort = (): void => {
    const reject = this.#reject
    this.#reject = undefined
    reject?.(abortError(this.#signal, this.#what))
  }

  constructor(signal: AbortSignal, what: string) {
    this.#signal = signal
    this.#what = what
    signal.addEventListener('abort', this.#onAbort, { once: true })
  }

  get aborted(): boolean {
    return this.#signal.aborted
  }

  /** Throws the `ABORTED` error if the signal has fired. */
  check(): void {
    if (this.#signal.aborted) throw abortError(this.#signal, this.#what)
  }

  /** Settles like `value`, or rejects with `ABORTED` first if the signal fires. */
  race<T>(value: T | PromiseLike<T>): Promise<T> {
    if (this.#signal.aborted) return Promise.reject(abortError(this.#signal, this.#what))
    return new Promise<T>((resolve, reject) => {
      this.#reject = reject
      Promise.resolve(value).then(
        (v) => {
          this.#reject = undefined
          resolve(v)
        },
        (err: unknown) => {
          this.#reject = undefined
          reject(err)
        },
      )
    })
  }

  dispose(): void {
    this.#reject = undefined
    this.#signal.removeEventListener('abort', this.#onAbort)
  }
}

/** Reports whether `value` is a thenable (so a sync callback's result needs no `await`). @internal */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  )
}
