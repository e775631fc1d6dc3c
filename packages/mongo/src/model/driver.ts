import { GoesError } from '@goes/core'
import type { Collection, Document, IndexSpecification } from 'mongodb'

/** Whether a driver error is a duplicate-key error (11000) of a unique index. @internal */
export function isDuplicateKey(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false
  const e = err as { code?: unknown; writeErrors?: { code?: unknown }[] }
  return e.code === 11000 || (Array.isArray(e.writeErrors) && e.writeErrors.some((w) => w.code === 11000))
}

/** Rejects with `ABORTED` when the signal is already aborted. @internal */
export function checkSignal(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw aborted(signal, what)
}

/** The `ABORTED` error of an operation stopped by its signal (the signal's reason is the cause). @internal */
export function aborted(signal: AbortSignal, what: string): GoesError<'ABORTED'> {
  return new GoesError('ABORTED', `${what} was aborted by its AbortSignal.`, { cause: signal.reason })
}

/**
 * Runs one driver call: an abort (before or during it) becomes `ABORTED` with the driver's
 * error as cause; other driver errors pass unchanged (they carry the server's code).
 *
 * @internal
 */
export async function driverCall<T>(signal: AbortSignal | undefined, what: string, call: () => Promise<T>): Promise<T> {
  checkSignal(signal, what)
  try {
    return await call()
  } catch (err) {
    if (signal?.aborted) throw aborted(signal, what)
    throw err
  }
}

/**
 * Sleeps `ms`, or rejects with `ABORTED` as soon as the signal aborts.
 *
 * @internal
 */
export function sleep(ms: number, signal?: AbortSignal, what = 'A wait'): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(aborted(signal, what))
    const done = (): void => {
      signal?.removeEventListener('abort', stop)
      resolve()
    }
    const stop = (): void => {
      clearTimeout(timer)
      reject(aborted(signal!, what))
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', stop, { once: true })
  })
}

/**
 * Creates a unique index the first time the returned function is called; later calls wait
 * for the same creation. A failed creation is retried by the next call.
 *
 * @internal
 */
export function uniqueIndexOnce<T extends Document>(
  collection: Collection<T>,
  keys: IndexSpecification,
  name: string,
): (signal: AbortSignal | undefined) => Promise<void> {
  let created: Promise<void> | undefined
  return (signal) => {
    created ??= collection.createIndex(keys, { unique: true, name }).then(
      () => undefined,
      (err: unknown) => {
        created = undefined
        throw err
      },
    )
    const pending = created
    return driverCall(signal, `Creating the index ${name}`, () => pending)
  }
}
