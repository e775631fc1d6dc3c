// Argument checks of the model repositories. Private to core for now: the shared option
// validators will replace them.
import { GoesError } from '../errors/errors.js'
import { countOption } from '../snapshot/validate.js'
import { describe } from '../uuid/uuid.js'

/** Throws `INVALID_OPTION` unless `id` is a non-empty string. @internal */
export function assertModelId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || id.length === 0) {
    throw new GoesError(
      'INVALID_OPTION',
      `A model id must be a non-empty string, got ${describe(id)}. Pass the id the model belongs to, e.g. an aggregate id.`,
    )
  }
}

/** The `attempts` of `use()`: an integer ≥ 1, else `INVALID_OPTION`. @internal */
export function attemptsOption(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new GoesError(
      'INVALID_OPTION',
      `The option \`attempts\` must be an integer ≥ 1, got ${describe(value)}. Pass how often use() may try, e.g. 10.`,
    )
  }
  return value
}

/** The `expectedVersion` of a write: undefined, or an integer ≥ 0, else `INVALID_OPTION`. @internal */
export function expectedVersionOption(value: unknown): number | undefined {
  if (value === undefined) return undefined
  return countOption(
    value,
    'expectedVersion',
    'Pass the version fetchVersioned() returned (0 for a model never stored), or omit it to overwrite.',
  )
}
