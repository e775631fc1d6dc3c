import { GoesError } from '../errors/errors.js'
import type { StreamSource } from './abort.js'
import { Puller } from './puller.js'
import type { SignalOptions } from './signal.js'

/**
 * Transforms every item of `source` with `fn` (sync or async), lazily: an item is pulled only
 * when the result is iterated. An error of `fn` or of the source ends the stream; breaking out,
 * an error and an aborted `signal` (`ABORTED`) all close the source.
 *
 * @example
 * ```ts
 * for await (const title of map(store.query(q), (e) => e.data.title)) console.log(title)
 * ```
 * @public
 */
export async function* map<T, U>(
  source: StreamSource<T>,
  fn: (item: T, index: number) => U | PromiseLike<U>,
  options: SignalOptions = {},
): AsyncGenerator<U, void, undefined> {
  const puller = new Puller(source, 'map', options)
  try {
    for (let index = 0; ; index++) {
      const r = await puller.next()
      if (r.done) return
      yield await puller.settle(fn(r.value, index))
    }
  } finally {
    await puller.close()
  }
}

/**
 * Keeps the items of `source` for which `predicate` (sync or async) returns true, lazily, with
 * the same closing rules as {@link map}.
 *
 * @example
 * ```ts
 * const recent = filter(store.query(q), (e) => e.timeNano > since)
 * ```
 * @public
 */
export function filter<T, S extends T>(
  source: StreamSource<T>,
  predicate: (item: T, index: number) => item is S,
  options?: SignalOptions,
): AsyncGenerator<S, void, undefined>
export function filter<T>(
  source: StreamSource<T>,
  predicate: (item: T, index: number) => boolean | PromiseLike<boolean>,
  options?: SignalOptions,
): AsyncGenerator<T, void, undefined>
export async function* filter<T>(
  source: StreamSource<T>,
  predicate: (item: T, index: number) => boolean | PromiseLike<boolean>,
  options: SignalOptions = {},
): AsyncGenerator<T, void, undefined> {
  const puller = new Puller(source, 'filter', options)
  try {
    for (let index = 0; ; index++) {
      const r = await puller.next()
      if (r.done) return
      if (await puller.settle(predicate(r.value, index))) yield r.value
    }
  } finally {
    await puller.close()
  }
}

/**
 * Yields the first `count` items of `source`, then closes the source (its `return()` is
 * called), so `take(subscription, 3)` unsubscribes after three events. Throws `INVALID_OPTION`
 * at once for a count that is not an integer ≥ 0 (or `Infinity`).
 *
 * @example
 * ```ts
 * const firstTen = await drain(take(store.query(), 10))
 * ```
 * @public
 */
export function take<T>(
  source: StreamSource<T>,
  count: number,
  options: SignalOptions = {},
): AsyncGenerator<T, void, undefined> {
  if (!(count >= 0) || (!Number.isInteger(count) && count !== Number.POSITIVE_INFINITY)) {
    throw new GoesError(
      'INVALID_OPTION',
      `take() needs a count that is an integer ≥ 0 (or Infinity), got ${String(count)}. Pass e.g. take(source, 10).`,
    )
  }
  return takeGen(source, count, options)
}

async function* takeGen<T>(source: StreamSource<T>, count: number, options: SignalOptions) {
  const puller = new Puller(source, 'take', options)
  try {
    for (let taken = 0; taken < count; ) {
      const r = await puller.next()
      if (r.done) return
      taken++
      // Release the source before handing out the last item, so the consumer need not ask
      // for one more to close it (take(subscription, 1) unsubscribes right away).
      if (taken === count) {
        await puller.close()
        yield r.value
        return
      }
      yield r.value
    }
  } finally {
    await puller.close()
  }
}
