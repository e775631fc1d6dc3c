import { abortError } from '../errors/errors.js'

/**
 * Options of every I/O method.
 *
 * @example
 * ```ts
 * const options: SignalOptions = { signal: AbortSignal.timeout(5_000) }
 * await store.insert(events, options)
 * ```
 * @public
 */
export interface SignalOptions {
  /** Cancels the operation; it then rejects with an `ABORTED` error. */
  readonly signal?: AbortSignal
}

/**
 * Settles like `promise`, or rejects with the `ABORTED` error as soon as `signal` fires —
 * whichever comes first. For adapters whose driver calls take no signal: the call itself goes
 * on, but the caller stops waiting. Without a signal it returns `promise` as it is.
 *
 * @example
 * ```ts
 * await raceSignal(topic.publishMessage(message), options.signal, 'publishing to Pub/Sub')
 * ```
 * @public
 */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined, what: string): Promise<T> {
  if (signal === undefined) return promise
  if (signal.aborted) return Promise.reject(abortError(signal, what))
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal, what))
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(err)
      },
    )
  })
}

/**
 * Waits `ms` milliseconds, or rejects with the `ABORTED` error (naming `what`) as soon as
 * `signal` fires. A delay that is not a finite number ≥ 0 waits no time at all.
 *
 * @example
 * ```ts
 * await sleep(backoff(attempt), options.signal, 'MyStore.insert()')
 * ```
 * @public
 */
export function sleep(ms: number, signal?: AbortSignal, what = 'A wait'): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal, what))
  const wait = Number.isFinite(ms) && ms > 0 ? ms : 0
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(abortError(signal!, what))
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, wait)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
