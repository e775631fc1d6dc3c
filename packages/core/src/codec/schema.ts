import type { StandardSchemaV1 } from '@standard-schema/spec'
import { GoesError } from '../errors/errors.js'

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

/** Formats a Standard Schema issue path as `data.items[2].at`. @internal */
export function formatIssuePath(path: StandardSchemaV1.Issue['path']): string {
  let out = 'data'
  for (const segment of path ?? []) {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment
    if (typeof key === 'number') out += `[${key}]`
    else if (typeof key === 'string') out += IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`
    else out += `[${String(key)}]`
  }
  return out
}

/**
 * Validates decoded data of `name` against `schema`, synchronously, and returns the schema's
 * output value. Throws `VALIDATION_FAILED` listing every issue, or explaining that an async
 * schema cannot be used (decoding happens on a property read, which cannot wait).
 *
 * @internal
 */
export function validateSync<T>(schema: StandardSchemaV1<unknown, T>, name: string, value: unknown): T {
  let result: StandardSchemaV1.Result<T> | Promise<StandardSchemaV1.Result<T>>
  try {
    result = schema['~standard'].validate(value)
  } catch (err) {
    throw new GoesError(
      'VALIDATION_FAILED',
      `The schema registered for "${name}" threw while validating: ${(err as Error)?.message ?? String(err)}. Fix the schema.`,
      { cause: err },
    )
  }
  if (result instanceof Promise) {
    // Nobody will await it: keep a late rejection from becoming an unhandled rejection.
    result.catch(() => {})
    throw new GoesError(
      'VALIDATION_FAILED',
      `The schema registered for "${name}" validates asynchronously, but decoding is synchronous (data is decoded when it is read). Register a synchronous schema (no async refinements or transforms).`,
    )
  }
  if (result.issues !== undefined) {
    const shown = result.issues.slice(0, 10).map((i) => `${formatIssuePath(i.path)}: ${i.message}`)
    if (result.issues.length > 10) shown.push(`… and ${result.issues.length - 10} more`)
    throw new GoesError(
      'VALIDATION_FAILED',
      `The data of "${name}" does not match its schema — ${shown.join('; ')}. Fix the sender, or change the schema registered for "${name}".`,
      { cause: result.issues },
    )
  }
  return result.value
}
