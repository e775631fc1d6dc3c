import { abortError } from '../errors/errors.js'
import { AbortRace, closeIterator, isPromiseLike, iteratorOf, type StreamSource } from './abort.js'
import type { SignalOptions } from './signal.js'

/**
 * Calls `fn` for every item of `source`, one at a time, awaiting `fn` when it returns a promise.
 * Resolves when the source ends. Stops at the first error — thrown by `fn` or by the source —
 * and rejects with it; an aborted `signal` rejects with an `ABORTED` error. Whenever it stops
 * before the end, it calls the source's `return()` so the source releases what it holds.
 *
 * @example
 * ```ts
 * await walk(store.query({ names: ['todo.task_added'] }), (e) => { titles.push(e.data.title) })
 * ```
 * @public
 */
export async function walk<T>(
  source: StreamSource<T>,
  fn: (item: T, index: number) => unknown,
  options: SignalOptions = {},
): Promise<void> {
  const { signal } = options
  if (signal?.aborted) throw abortError(signal, 'walk')
  const it = iteratorOf(source)
  const race = signal === undefined ? undefined : new AbortRace(signal, 'walk')
  let sourceDone = false
  let index = 0
  try {
    for (;;) {
      let r: IteratorResult<T>
      race?.check() // before pulling, so an abort inside fn pulls nothing more
      try {
        const p = it.next()
        if (isPromiseLike(p)) r = race === undefined ? await p : await race.race(p)
        else r = p
      } catch (err) {
        // A source that threw from next() is finished; only an abort leaves it open.
        if (race === undefined || !race.aborted) sourceDone = true
        throw err
      }
      if (r.done) {
        sourceDone = true
        return
      }
      const out = fn(r.value, index++)
      if (isPromiseLike(out)) {
        if (race === undefined) await out
        else await race.race(out)
      }
    }
  } catch (err) {
    if (!sourceDone) await closeIterator(it, race === undefined || !race.aborted)
    throw err
  } finally {
    race?.dispose()
  }
}

/**
 * Collects every item of `source` into an array. Meant for results known to be small (tests,
 * one aggregate's history): prefer {@link walk} or `for await` for large ones. Rejects with
 * the source's error, or with `ABORTED` when `signal` fires; the source is closed either way.
 *
 * @example
 * ```ts
 * const history = await drain(store.query({ aggregates: [{ name: 'todo.list', id }] }))
 * ```
 * @public
 */
export async function drain<T>(source: StreamSource<T>, options: SignalOptions = {}): Promise<T[]> {
  const items: T[] = []
  await walk(
    source,
    (item) => {
      items.push(item)
    },
    options.signal === undefined ? {} : { signal: options.signal },
  )
  return items
}
