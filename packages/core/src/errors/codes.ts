/**
 * Every error code goes raises, written once: the {@link ErrorCode} type and the structural
 * guards both derive from this list. Codes are stable: branch on them, never on message text.
 *
 * @example
 * ```ts
 * if (ERROR_CODES.includes(err.code)) console.log('a goes error')
 * ```
 * @public
 */
export const ERROR_CODES = Object.freeze([
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
  'PUBLISH_FAILED',
] as const)

/**
 * Every error code goes can raise (see {@link ERROR_CODES}).
 *
 * @example
 * ```ts
 * function retryable(code: ErrorCode): boolean { return code === 'UNAVAILABLE' || code === 'TIMEOUT' }
 * ```
 * @public
 */
export type ErrorCode = (typeof ERROR_CODES)[number]

const KNOWN: ReadonlySet<unknown> = new Set<unknown>(ERROR_CODES)

/**
 * Reports whether `value` is one of the framework's {@link ErrorCode}s.
 *
 * @example
 * ```ts
 * isErrorCode('NOT_FOUND') // true
 * isErrorCode('LIST_FULL') // false: an application's command error code
 * ```
 * @public
 */
export function isErrorCode(value: unknown): value is ErrorCode {
  return KNOWN.has(value)
}
