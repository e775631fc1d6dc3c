// Argument checks of model repositories, shared by every implementation (the memory one here,
// the backends' through '@goes/core/backend').
import { GoesError } from '../errors/errors.js'
import { formatValue } from '../errors/format.js'
import { optionChecks } from '../options/check.js'

const check = optionChecks('model repository')

/**
 * Throws `INVALID_OPTION` unless `id` is a non-empty string (a model id).
 *
 * @example
 * ```ts
 * assertModelId(id) // in every method of a ModelRepository implementation
 * ```
 * @public
 */
export function assertModelId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || id.length === 0) {
    throw new GoesError(
      'INVALID_OPTION',
      `A model id must be a non-empty string, got ${formatValue(id)}. Pass the id the model belongs to, e.g. an aggregate id.`,
    )
  }
}

/**
 * The `attempts` of `use()`: an integer ≥ 1, else `INVALID_OPTION`.
 *
 * @example
 * ```ts
 * const attempts = attemptsOption(options.attempts ?? 10)
 * ```
 * @public
 */
export function attemptsOption(value: unknown): number {
  return check.integer('attempts', value, { fix: 'Pass how often use() may try, e.g. 10.' })
}

/**
 * The `expectedVersion` of a model write: undefined, or an integer ≥ 0, else `INVALID_OPTION`.
 *
 * @example
 * ```ts
 * const expected = expectedVersionOption(options?.expectedVersion)
 * ```
 * @public
 */
export function expectedVersionOption(value: unknown): number | undefined {
  if (value === undefined) return undefined
  return check.integer('expectedVersion', value, {
    min: 0,
    fix: 'Pass the version fetchVersioned() returned (0 for a model never stored), or omit it to overwrite.',
  })
}
