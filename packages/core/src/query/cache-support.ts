import { abortError, GoesError } from '../errors/errors.js'
import type { Event } from '../event/event.js'
import type { EventStore } from '../store/store.js'
import type { QueryCacheOptions } from './cache.js'
import type { Query } from './types.js'

/** The cache options with defaults applied, or `INVALID_OPTION` naming the bad one. @internal */
export function checkOptions(options: QueryCacheOptions) {
  const { ttlMs, maxEntries = 100, useSupersets = true, now = Date.now } = options
  if (ttlMs !== undefined && !(typeof ttlMs === 'number' && ttlMs >= 0)) {
    throw optionError('ttlMs', ttlMs, 'a number of milliseconds ≥ 0 (omit it to keep entries until expired)')
  }
  if (!(maxEntries === Number.POSITIVE_INFINITY || (Number.isSafeInteger(maxEntries) && maxEntries >= 1))) {
    throw optionError('maxEntries', maxEntries, 'an integer ≥ 1 or Infinity')
  }
  if (typeof useSupersets !== 'boolean') throw optionError('useSupersets', useSupersets, 'true or false')
  if (typeof now !== 'function') throw optionError('now', now, 'a function returning milliseconds')
  return { ttlMs, maxEntries, useSupersets, now }
}

/** Reads a whole store query into a frozen array. @internal */
export async function drain(store: EventStore, q: Query, signal: AbortSignal): Promise<readonly Event[]> {
  const out: Event[] = []
  for await (const e of store.query(q, { signal })) {
    if (signal.aborted) throw abortError(signal, 'QueryCache store query')
    out.push(e)
  }
  return Object.freeze(out)
}

/** Waits for `promise`, rejecting with `ABORTED` as soon as `signal` aborts. @internal */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal, 'QueryCache.result()'))
    if (signal.aborted) return onAbort()
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

/** @internal */
export function optionError(name: string, value: unknown, expected: string): GoesError<'INVALID_OPTION'> {
  return new GoesError('INVALID_OPTION', `QueryCache option \`${name}\` must be ${expected}, got ${String(value)}.`)
}
