import { type ErrorCode, isErrorCode } from './codes.js'
import { formatCause } from './format.js'

/** Options accepted by every goes error. @public */
export interface GoesErrorOptions {
  /** The underlying error, kept as the standard `cause`. */
  cause?: unknown
}

/**
 * Base class of every error goes raises: a stable {@link ErrorCode} in `code`, a message that
 * names the problem and the fix, and the standard `cause`. One error model: `CommandError`
 * is a `GoesError` too, whose `code` is the application's own (a string or a number, given by
 * the command handler) rather than one of the framework's codes.
 *
 * Check errors with the structural guards ({@link isGoesError}, `isConsistencyError`, …), not
 * `instanceof`: the guards also recognise errors from a second copy of the package and errors
 * rebuilt after a trip over a bus.
 *
 * @example
 * ```ts
 * try { await store.insert(events) }
 * catch (err) { if (isGoesError(err, 'CONSISTENCY')) retry() else throw err }
 * ```
 * @public
 */
export class GoesError<C extends ErrorCode | (string & {}) | number = ErrorCode> extends Error {
  override readonly name: string = 'GoesError'
  /** The stable code of this error. */
  readonly code: C

  constructor(code: C, message: string, options?: GoesErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
  }
}

/**
 * Reports whether `err` is a goes error, optionally of the given code. Structural: it accepts
 * any object with a string `code` from {@link ErrorCode} and a `message`, whichever copy of the
 * package created it. A `CommandError` passes when its code is one of the framework's (a
 * handler's `NOT_FOUND`, say); one with an application code (`'LIST_FULL'`, `404`) is found by
 * `isCommandError` instead, so the narrowed `code` is always an {@link ErrorCode}.
 *
 * @example
 * ```ts
 * if (isGoesError(err)) switch (err.code) { case 'NOT_FOUND': return undefined }
 * ```
 * @public
 */
export function isGoesError<C extends ErrorCode>(err: unknown, code?: C): err is GoesError<C> {
  if (typeof err !== 'object' || err === null) return false
  const c = (err as { code?: unknown }).code
  if (typeof c !== 'string' || typeof (err as { message?: unknown }).message !== 'string') return false
  return code === undefined ? isErrorCode(c) : c === code
}

/**
 * Raised when an insert conflicts with what is stored: a duplicate event id, or a duplicate
 * (aggregate name, aggregate id, version). The whole batch was rejected; nothing of it is stored.
 *
 * @public
 */
export class ConsistencyError extends GoesError<'CONSISTENCY'> {
  override readonly name: string = 'ConsistencyError'
  /** Whether the store may accept the same write after the caller re-reads (always true for conflicts). */
  readonly retryable = true
  /** Marker for structural checks across package copies and backends. */
  readonly consistency = true

  constructor(message: string, options?: GoesErrorOptions) {
    super('CONSISTENCY', message, options)
  }
}

/**
 * Reports whether `err` is a consistency error: a {@link ConsistencyError} from any copy of the
 * package, or any error that declares itself one (`code === 'CONSISTENCY'` or
 * `consistency === true`), so backends can surface their own error types.
 *
 * @public
 */
export function isConsistencyError(err: unknown): err is GoesError<'CONSISTENCY'> {
  if (typeof err !== 'object' || err === null) return false
  const e = err as { code?: unknown; consistency?: unknown }
  return e.code === 'CONSISTENCY' || e.consistency === true
}

/** Raised when a looked-up thing (an event by id, …) does not exist. @public */
export class NotFoundError extends GoesError<'NOT_FOUND'> {
  override readonly name: string = 'NotFoundError'
  constructor(message: string, options?: GoesErrorOptions) {
    super('NOT_FOUND', message, options)
  }
}

/** Reports whether `err` is a not-found error from any copy of the package. @public */
export function isNotFoundError(err: unknown): err is GoesError<'NOT_FOUND'> {
  return isGoesError(err, 'NOT_FOUND')
}

/**
 * The error an operation stopped by its `AbortSignal` rejects with (`ABORTED`, naming `what`),
 * the signal's reason as `cause`.
 *
 * @example
 * ```ts
 * signal.addEventListener('abort', () => reject(abortError(signal, 'MyStore.insert()')))
 * ```
 * @public
 */
export function abortError(signal: AbortSignal, what: string): GoesError<'ABORTED'> {
  return new GoesError('ABORTED', `${what} was aborted by its AbortSignal.`, { cause: signal.reason })
}

/**
 * `err` as a goes error: a goes error as it is, anything else wrapped in a new one with `code`
 * and the message `<context>: <what was thrown>`, the original as `cause`. For reporting
 * whatever a driver or a user's code threw on an `errors` stream.
 *
 * @example
 * ```ts
 * catch (err) { errors.report(asGoesError(err, 'HANDLER_FAILED', 'The outbox relay: a round failed')) }
 * ```
 * @public
 */
export function asGoesError(err: unknown, code: ErrorCode, context: string): GoesError {
  if (isGoesError(err)) return err
  return new GoesError(code, `${context}: ${formatCause(err)}`, { cause: err })
}

/**
 * Throws the {@link abortError} when `signal` has already fired; does nothing without one.
 *
 * @example
 * ```ts
 * throwIfAborted(options?.signal, 'MyStore.insert()')
 * ```
 * @public
 */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw abortError(signal, what)
}
