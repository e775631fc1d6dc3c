import { GoesError } from '../errors/errors.js'

/**
 * Builds the `INVALID_QUERY` error every query check throws: the field path first, so a reader
 * finds the culprit at once, then the problem and the fix.
 *
 * @internal
 */
export function queryError(field: string, problem: string, fix: string, cause?: unknown): GoesError<'INVALID_QUERY'> {
  const where = field === '' ? 'The query' : `Query field \`${field}\``
  return new GoesError('INVALID_QUERY', `${where} ${problem}. ${fix}`, cause === undefined ? undefined : { cause })
}

/** Short description of a bad value that also handles bigints and lists. @internal */
export function show(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)
  if (value === null) return 'null'
  if (value === undefined) return 'undefined'
  if (Array.isArray(value)) return 'an array'
  if (value instanceof Date) return 'a Date'
  if (typeof value === 'object') return 'an object'
  return `${typeof value} ${String(value)}`
}
