import assert from 'node:assert/strict'
import { describeError } from './errors.js'

/**
 * Resolves like `promise`, or fails with an `AssertionError` naming `what` once `ms` have
 * passed — so a broken backend fails a case instead of hanging it.
 *
 * @internal
 */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new assert.AssertionError({ message: `Timed out after ${ms} ms: ${what}.` })), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** Resolves after `ms`. @internal */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

interface Waiter {
  readonly count: number
  readonly what: string
  readonly resolve: () => void
  readonly reject: (err: unknown) => void
  timer: ReturnType<typeof setTimeout> | undefined
}

/**
 * Drains an async iterable in the background into `items`, so a case can wait for "n items
 * within a deadline" without leaving a dangling `next()` behind. The deadline is an idle
 * timeout: it restarts whenever an item arrives, so large counts need no total budget.
 *
 * @internal
 */
export class Pump<T> {
  readonly items: T[] = []
  /** Resolves when the iterable ends; rejects when it throws. */
  readonly ended: Promise<void>
  private done = false
  private failure: { err: unknown } | undefined
  private readonly waiters = new Set<Waiter>()

  constructor(
    source: AsyncIterable<T>,
    private readonly idleMs: number,
    /** Items for which this returns false are dropped (e.g. other cases' events on a shared server). */
    private readonly accept?: (item: T) => boolean,
  ) {
    this.ended = this.drain(source)
    this.ended.catch(() => {}) // observed through waitFor / the ended promise
  }

  private async drain(source: AsyncIterable<T>): Promise<void> {
    try {
      for await (const item of source) {
        if (this.accept !== undefined && !this.accept(item)) continue
        this.items.push(item)
        this.settle()
      }
    } catch (err) {
      this.failure = { err }
      throw err
    } finally {
      this.done = true
      this.settle()
    }
  }

  /** Waits until at least `count` items arrived. Fails when the source ends first or goes idle. */
  waitFor(count: number, what: string): Promise<T[]> {
    if (this.items.length >= count) return Promise.resolve(this.items.slice(0, count))
    return new Promise<void>((resolve, reject) => {
      const w: Waiter = { count, what, resolve, reject, timer: undefined }
      this.waiters.add(w)
      this.arm(w)
      this.settle()
    }).then(() => this.items.slice(0, count))
  }

  /** Waits for the source to end (e.g. after close); fails when it does not within the idle timeout. */
  async waitEnd(what: string): Promise<void> {
    await within(
      this.ended.catch(() => {}),
      this.idleMs,
      `${what} (still open after ${this.items.length} items)`,
    )
    if (this.failure !== undefined) {
      assert.fail(`${what}: the iteration threw instead of ending: ${describeError(this.failure.err)}`)
    }
  }

  get isDone(): boolean {
    return this.done
  }

  private arm(w: Waiter): void {
    clearTimeout(w.timer)
    w.timer = setTimeout(() => {
      this.waiters.delete(w)
      w.reject(
        new assert.AssertionError({
          message: `Timed out: ${w.what}: got ${this.items.length} of ${w.count} items, then nothing for ${this.idleMs} ms.`,
        }),
      )
    }, this.idleMs)
  }

  private settle(): void {
    for (const w of this.waiters) {
      if (this.items.length >= w.count) {
        this.finish(w)
        w.resolve()
      } else if (this.done) {
        this.finish(w)
        const why = this.failure === undefined ? 'it ended' : `it failed: ${describeError(this.failure.err)}`
        w.reject(
          new assert.AssertionError({
            message: `${w.what}: got ${this.items.length} of ${w.count} items, then ${why}.`,
          }),
        )
      } else this.arm(w)
    }
  }

  private finish(w: Waiter): void {
    clearTimeout(w.timer)
    this.waiters.delete(w)
  }
}
