/**
 * Every error code goes can raise. Codes are stable: branch on them, never on message text.
 *
 * @public
 */
export type ErrorCode =
  | 'INVALID_NAME'
  | 'INVALID_UUID'
  | 'NIL_UUID'
  | 'INVALID_VERSION'
  | 'INVALID_TIME'
  | 'INVALID_EVENT'
  | 'ENCODE_FAILED'
  | 'DECODE_FAILED'
  | 'UNKNOWN_NAME'
  | 'VALIDATION_FAILED'
  | 'INVALID_QUERY'
  | 'CONSISTENCY'
  | 'NOT_FOUND'
  | 'MALFORMED_MESSAGE'
  | 'HANDLER_FAILED'
  | 'CLOSED'
  | 'ABORTED'
  | 'TIMEOUT'
  | 'NOT_ASSIGNED'
  | 'COMMAND_FAILED'
  | 'AGGREGATE_DELETED'
  | 'INVALID_OPTION'
  | 'INVALID_STATE'
  | 'UNAVAILABLE'

/** Options accepted by every goes error. @public */
export interface GoesErrorOptions {
  /** The underlying error, kept as the standard `cause`. */
  cause?: unknown
}

const MARKER = Symbol.for('goes.error')

/**
 * Base class of every error goes raises: a stable {@link ErrorCode} in `code`, a message that
 * names the problem and the fix, and the standard `cause`.
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
export class GoesError<C extends ErrorCode = ErrorCode> extends Error {
  override readonly name: string = 'GoesError'
  /** The stable code of this error. */
  readonly code: C

  constructor(code: C, message: string, options?: GoesErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    Object.defineProperty(this, MARKER, { value: true })
  }
}

/**
 * Reports whether `err` is a goes error, optionally of the given code. Structural: it accepts
 * any object with a string `code` from {@link ErrorCode} and a `message`, whichever copy of the
 * package created it.
 *
 * @public
 */
export function isGoesError<C extends ErrorCode>(err: unknown, code?: C): err is GoesError<C> {
  if (typeof err !== 'object' || err === null) return false
  const c = (err as { code?: unknown }).code
  if (typeof c !== 'string' || typeof (err as { message?: unknown }).message !== 'string') return false
  if (code !== undefined) return c === code
  return (err as Record<symbol, unknown>)[MARKER] === true || KNOWN_CODES.has(c)
}

const KNOWN_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'INVALID_NAME',
  'INVALID_UUID',
  'NIL_UUID',
  'INVALID_VERSION',
  'INVALID_TIME',
  'INVALID_EVENT',
  'ENCODE_FAILED',
  'DECODE_FAILED',
  'UNKNOWN_NAME',
  'VALIDATION_FAILED',
  'INVALID_QUERY',
  'CONSISTENCY',
  'NOT_FOUND',
  'MALFORMED_MESSAGE',
  'HANDLER_FAILED',
  'CLOSED',
  'ABORTED',
  'TIMEOUT',
  'NOT_ASSIGNED',
  'COMMAND_FAILED',
  'AGGREGATE_DELETED',
  'INVALID_OPTION',
  'INVALID_STATE',
  'UNAVAILABLE',
])

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

/** Builds the error an aborted operation rejects with, keeping the signal's reason as cause. @internal */
export function abortError(signal: AbortSignal, what: string): GoesError<'ABORTED'> {
  return new GoesError('ABORTED', `${what} was aborted by its AbortSignal.`, { cause: signal.reason })
}
