import { AbortRace, closeIterator, isPromiseLike, iteratorOf, type StreamSource } from './abort.js'
import type { SignalOptions } from './signal.js'

/**
 * Sequential pulling from a stream source with the early-exit rules every helper shares: each
 * await races the abort signal, and {@link Puller.close} calls the source's `return()` unless
 * the source already finished (ended, or threw from `next()`).
 *
 * @internal
 */
export class Puller<T> {
  readonly #it: AsyncIterator<T> | Iterator<T>
  readonly #race: AbortRace | undefined
  #sourceDone = false

  constructor(source: StreamSource<T>, what: string, options: SignalOptions) {
    const { signal } = options
    this.#race = signal === undefined ? undefined : new AbortRace(signal, what)
    try {
      this.#race?.check()
      this.#it = iteratorOf(source)
    } catch (err) {
      this.#race?.dispose()
      throw err
    }
  }

  /** The next item; rejects with the source's error or `ABORTED`. */
  async next(): Promise<IteratorResult<T>> {
    const race = this.#race
    race?.check() // before pulling, so an abort between items pulls nothing more
    try {
      const p = this.#it.next()
      let r: IteratorResult<T>
      if (isPromiseLike(p)) r = race === undefined ? await p : await race.race(p)
      else r = p
      if (r.done) this.#sourceDone = true
      return r
    } catch (err) {
      if (race === undefined || !race.aborted) this.#sourceDone = true
      throw err
    }
  }

  /** Awaits a callback's result (if it is a promise), racing the abort signal. */
  settle<V>(value: V | PromiseLike<V>): V | Promise<V> {
    if (!isPromiseLike(value)) return value
    return this.#race === undefined ? Promise.resolve(value) : this.#race.race(value)
  }

  /** Releases the source (when it is still open) and the abort listener. Idempotent. */
  async close(): Promise<void> {
    const race = this.#race
    race?.dispose()
    if (this.#sourceDone) return
    this.#sourceDone = true
    // After an abort the source may be stuck in next(); don't wait for its return().
    await closeIterator(this.#it, race === undefined || !race.aborted)
  }
}
