// How values and causes appear inside error messages: short, safe (never throws), and never
// the whole of a large value.

/**
 * A short, safe rendering of a bad value for an error message: a string quoted (cut at 60
 * characters), `null`, `an array`, `an object`, else its type and value (`number NaN`).
 *
 * @example
 * ```ts
 * throw new GoesError('INVALID_OPTION', `workers must be an integer ≥ 1, got ${formatValue(workers)}.`)
 * ```
 * @public
 */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)
  if (value === null) return 'null'
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object'
  return `${typeof value} ${String(value)}`
}

/**
 * A short rendering of what something threw, for a message: the message of an `Error` (its
 * name when the message is empty), a string as it is, anything else through `String()`.
 *
 * @example
 * ```ts
 * new GoesError('HANDLER_FAILED', `The relay failed: ${formatCause(err)}.`, { cause: err })
 * ```
 * @public
 */
export function formatCause(cause: unknown): string {
  if (cause instanceof Error) return cause.message === '' ? cause.name : cause.message
  if (typeof cause === 'string') return cause
  try {
    return String(cause)
  } catch {
    // e.g. an object with a throwing toString, or a null-prototype object.
    return 'a non-error value'
  }
}
