import { isGoesError } from '../errors/errors.js'

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
