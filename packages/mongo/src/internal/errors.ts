import { ConsistencyError, GoesError, isGoesError } from '@goes/core'
import { abortError, throwIfAborted } from '@goes/core/backend'

// Every driver error the package maps, in one place. The driver's error is kept as `cause`.

interface WriteErrorLike {
  index?: unknown
  code?: unknown
}

/** Whether a driver error is a duplicate-key error (11000) of a unique index. @internal */
export function isDuplicateKey(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false
  const e = err as { code?: unknown; writeErrors?: WriteErrorLike[] | WriteErrorLike }
  if (e.code === 11000) return true
  const list = Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors === undefined ? [] : [e.writeErrors]
  return list.some((w) => w.code === 11000)
}

/**
 * Where an ordered `insertMany` stopped: the position of the document the server refused, which
 * is also the number of documents it inserted before it; undefined when no document was
 * refused (a network error, say). @internal
 */
export function failedPosition(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  const e = err as { writeErrors?: WriteErrorLike[] | WriteErrorLike }
  const list = Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors === undefined ? [] : [e.writeErrors]
  const first = list[0]
  return first !== undefined && typeof first.index === 'number' ? first.index : undefined
}

/** The code of a server error, if it has one. @internal */
export function serverCode(err: unknown): number | undefined {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined
  return typeof code === 'number' ? code : undefined
}

/** The consistency error of a batch that conflicts with stored events (or a concurrent batch). @internal */
export function conflict(count: number, cause: unknown): ConsistencyError {
  return new ConsistencyError(
    `The batch of ${count} event${count === 1 ? '' : 's'} was rejected: an event id, or an (aggregate name, aggregate id, version), is already stored. Nothing of the batch was stored. Re-read the aggregate and retry with the next version.`,
    { cause },
  )
}

const CLOSED_ERRORS = new Set(['MongoTopologyClosedError', 'MongoClientClosedError', 'MongoNotConnectedError'])
const TIMEOUT_ERRORS = new Set(['MongoServerSelectionError', 'MongoOperationTimeoutError', 'MongoNetworkTimeoutError'])

/**
 * Maps a driver error of operation `what` to a goes error: an abort → `ABORTED`, a closed
 * client → `CLOSED`, an unreachable server or a timeout → `TIMEOUT`. Other errors (server
 * errors with their code) are returned unchanged.
 *
 * @internal
 */
export function mapDriverError(err: unknown, what: string, signal?: AbortSignal): unknown {
  if (signal?.aborted) return abortError(signal, what)
  if (isGoesError(err)) return err
  const name = typeof err === 'object' && err !== null ? (err as { name?: unknown }).name : undefined
  if (typeof name === 'string' && CLOSED_ERRORS.has(name)) {
    return new GoesError('CLOSED', `${what} failed: the MongoDB client is closed. Use an open client (or store).`, {
      cause: err,
    })
  }
  if (typeof name === 'string' && TIMEOUT_ERRORS.has(name)) {
    return new GoesError(
      'TIMEOUT',
      `${what} failed: the MongoDB server did not answer in time (${(err as Error).message}). Check that it runs and is reachable, then retry.`,
      { cause: err },
    )
  }
  return err
}

/** Runs a driver call, mapping its errors with {@link mapDriverError}. @internal */
export async function driverCall<T>(what: string, signal: AbortSignal | undefined, call: () => Promise<T>): Promise<T> {
  throwIfAborted(signal, what)
  try {
    return await call()
  } catch (err) {
    throw mapDriverError(err, what, signal)
  }
}
