import { isGoesError } from '../errors/errors.js'

/**
 * A short description of what a handler threw, for messages: the message of an `Error` (its
 * name when the message is empty), a string as is, anything else through `String()`.
 *
 * @internal
 */
export function describeCause(cause: unknown): string {
  if (cause instanceof Error) return cause.message === '' ? cause.name : cause.message
  if (typeof cause === 'string') return cause
  try {
    return String(cause)
  } catch {
    // e.g. an object with a throwing toString, or a null-prototype object.
    return 'a non-error value'
  }
}

/**
 * Whether `err` is a `HANDLER_FAILED` error carrying string fields `idField` and `nameField` —
 * how the handler error guards recognise their errors across copies of the package (no
 * `instanceof`).
 *
 * @internal
 */
export function isHandlerFailure(err: unknown, idField: string, nameField: string): boolean {
  return (
    isGoesError(err, 'HANDLER_FAILED') &&
    typeof (err as unknown as Record<string, unknown>)[idField] === 'string' &&
    typeof (err as unknown as Record<string, unknown>)[nameField] === 'string'
  )
}
