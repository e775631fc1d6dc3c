import { ConsistencyError, isConsistencyError } from '../errors/errors.js'
import { sleep } from '../stream/signal.js'

/** Marks a consistency error raised by the store's insert: the only kind `use()` retries. @internal */
export class InsertConflict {
  constructor(readonly error: unknown) {}
}

/**
 * Runs `attempt` up to `attempts` times while it fails with an {@link InsertConflict}, waiting
 * `backoff(n)` ms before attempt `n`. Other failures end it at once. After the last attempt it
 * rejects with a `CONSISTENCY` error naming the count, the last conflict as its `cause`.
 *
 * @internal
 */
export async function withRetry<T>(
  what: string,
  attempts: number,
  backoff: (attempt: number) => number,
  signal: AbortSignal | undefined,
  attempt: (n: number) => Promise<T>,
): Promise<T> {
  let last: unknown
  for (let n = 1; n <= attempts; n++) {
    if (n > 1) await sleep(backoff(n), signal, what)
    try {
      return await attempt(n)
    } catch (err) {
      if (!(err instanceof InsertConflict)) throw err
      last = err.error
    }
  }
  throw new ConsistencyError(
    `${what} gave up after ${attempts} attempt(s): each time another writer saved the aggregate first. Raise retry.attempts or retry.backoffMs, or make fewer writers compete for one aggregate.`,
    { cause: last },
  )
}

/** Turns an insert's consistency error into an {@link InsertConflict}; other errors pass. @internal */
export function asConflict(err: unknown): unknown {
  return isConsistencyError(err) ? new InsertConflict(err) : err
}
