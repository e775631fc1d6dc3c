import { GoesError } from '@goes/core'

/** Checks a positive integer option; undefined gives the fallback. @internal */
export function positiveInteger(value: number | undefined, what: string, fallback: number): number {
  if (value === undefined) return fallback
  if (!Number.isInteger(value) || value < 1) {
    throw new GoesError(
      'INVALID_OPTION',
      `The option ${what} must be an integer ≥ 1, got ${String(value)}. Leave it out for the default (${fallback}).`,
    )
  }
  return value
}
