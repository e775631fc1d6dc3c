import { abortError, GoesError } from '../errors/errors.js'
import { closeIterator, iteratorOf, type StreamSource } from './abort.js'
import type { SignalOptions } from './signal.js'

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true })

/**
 * The stream {@link merge} returns: iterate it once; `return()` (or `await using`) closes every
 * source.
 *
 * @example
 * ```ts
 * await using merged = merge(subA, subB)
 * for await (const e of merged) if (done(e)) break
 * ```
 * @public
 */
export interface MergedStream<T> extends AsyncIterableIterator<T>, AsyncDisposable {
  return(): Promise<IteratorResult<T>>
}

interface Waiter<T> {
  resolve(r: IteratorResult<T>): void
  reject(err: unknown): void
}

/**
 * Interleaves several sources as their items arrive. Each source has at most one pull in flight
 * and is pulled again only after its previous item was handed out, so a slow consumer slows
 * every source down (back-pressure) and the order within one source is kept.
 */
class MergeIterator<T> implements MergedStream<T> {
  readonly #sources: readonly StreamSource<T>[]
  readonly #signal: AbortSignal | undefined
  #its: (AsyncIterator<T> | Iterator<T> | undefined)[] = []
  #pending: boolean[] = []
  #readyFrom: number[] = []
  #readyValues: T[] = []
  #waiters: Waiter<T>[] = []
  #active = 0
  #state: 'idle' | 'open' | 'failed' | 'done' = 'idle'
  #error: unknown
  readonly #onAbort = (): void => this.#fail(abortError(this.#signal!, 'merge'))

  constructor(sources: readonly StreamSource<T>[], signal: AbortSignal | undefined) {
    this.#sources = sources
    this.#signal = signal
  }

  [Symbol.asyncIterator](): this {
    return this
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#state === 'idle') this.#start()
    if (this.#state === 'failed') {
      this.#state = 'done' // an error is reported once; afterwards the iterator is finished
      return Promise.reject(this.#error)
    }
    if (this.#state === 'done') return Promise.resolve(DONE)
    if (this.#readyFrom.length > 0) {
      const from = this.#readyFrom.shift()!
      const value = this.#readyValues.shift() as T
      this.#pull(from)
      return Promise.resolve({ value, done: false })
    }
    if (this.#active === 0) {
      this.#finish()
      return Promise.resolve(DONE)
    }
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }))
  }

  /** Stops merging and closes every source that is still open. */
  async return(): Promise<IteratorResult<T>> {
    if (this.#state !== 'done') {
      const closing = this.#closeAll()
      this.#finish()
      await closing
    }
    return DONE
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return()
  }

  #start(): void {
    this.#state = 'open'
    const signal = this.#signal
    if (signal?.aborted) {
      this.#fail(abortError(signal, 'merge'))
      return
    }
    signal?.addEventListener('abort', this.#onAbort, { once: true })
    try {
      for (const source of this.#sources) {
        this.#its.push(iteratorOf(source))
        this.#pending.push(false)
        this.#active++
      }
    } catch (err) {
      this.#fail(err)
      return
    }
    for (let i = 0; i < this.#its.length; i++) this.#pull(i)
  }

  #pull(i: number): void {
    const it = this.#its[i]
    if (it === undefined || this.#state !== 'open') return
    this.#pending[i] = true
    let p: IteratorResult<T> | Promise<IteratorResult<T>>
    try {
      p = it.next()
    } catch (err) {
      this.#onError(i, err)
      return
    }
    Promise.resolve(p).then(
      (r) => this.#onResult(i, r),
      (err: unknown) => this.#onError(i, err),
    )
  }

  #onResult(i: number, r: IteratorResult<T>): void {
    this.#pending[i] = false
    if (this.#state !== 'open') return // closed meanwhile; the source was already told to return
    if (r.done) {
      this.#its[i] = undefined
      this.#active--
      if (this.#active === 0 && this.#readyFrom.length === 0) this.#finish()
      return
    }
    const waiter = this.#waiters.shift()
    if (waiter === undefined) {
      this.#readyFrom.push(i)
      this.#readyValues.push(r.value)
      return
    }
    waiter.resolve({ value: r.value, done: false })
    this.#pull(i)
  }

  #onError(i: number, err: unknown): void {
    this.#pending[i] = false
    if (this.#its[i] !== undefined) {
      this.#its[i] = undefined // a source that threw is finished: no return() for it
      this.#active--
    }
    if (this.#state === 'open') this.#fail(err)
  }

  #fail(err: unknown): void {
    if (this.#state === 'done' || this.#state === 'failed') return
    void this.#closeAll()
    this.#readyFrom = []
    this.#readyValues = []
    this.#signal?.removeEventListener('abort', this.#onAbort)
    const waiter = this.#waiters.shift()
    if (waiter === undefined) {
      this.#state = 'failed'
      this.#error = err
      return
    }
    this.#finish()
    waiter.reject(err)
  }

  #finish(): void {
    this.#state = 'done'
    this.#readyFrom = []
    this.#readyValues = []
    this.#signal?.removeEventListener('abort', this.#onAbort)
    const waiters = this.#waiters
    this.#waiters = []
    for (const w of waiters) w.resolve(DONE)
  }

  /**
   * Closes every open source. A source with a pull in flight is not awaited: an async generator
   * queues `return()` behind its pending `next()`, which may never settle.
   */
  #closeAll(): Promise<void> {
    const waits: Promise<void>[] = []
    for (let i = 0; i < this.#its.length; i++) {
      const it = this.#its[i]
      if (it === undefined) continue
      this.#its[i] = undefined
      this.#active--
      waits.push(closeIterator(it, !this.#pending[i]))
    }
    return Promise.all(waits).then(() => {})
  }
}

function isSource(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function' ||
      typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function')
  )
}

/**
 * Merges several sources into one stream, pulling them concurrently; items appear as they
 * arrive, each source's own order kept. The first error of any source ends the merged stream
 * (rejecting the pending iteration) and closes the others; `return()` (breaking out of
 * `for await`) closes them all. An options object `{ signal }` may follow the sources.
 *
 * @example
 * ```ts
 * for await (const e of merge(orders, payments, { signal })) handle(e)
 * ```
 * @public
 */
export function merge<T>(...sources: StreamSource<T>[]): MergedStream<T>
export function merge<T>(...args: [...sources: StreamSource<T>[], options: SignalOptions]): MergedStream<T>
export function merge<T>(...args: unknown[]): MergedStream<T> {
  let options: SignalOptions = {}
  const last = args[args.length - 1]
  if (args.length > 0 && typeof last === 'object' && last !== null && !isSource(last)) {
    options = args.pop() as SignalOptions
  }
  for (const s of args) {
    if (!isSource(s)) {
      throw new GoesError(
        'INVALID_OPTION',
        'merge() takes iterables or async iterables, optionally followed by an options object { signal }.',
      )
    }
  }
  return new MergeIterator(args as StreamSource<T>[], options.signal)
}
