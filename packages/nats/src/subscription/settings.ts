import { ALL_EVENTS, assertName, GoesError, type SubscribeOptions } from '@goes/core'
import { checkSignal } from '../connection/errors.js'

/** The validated arguments of a subscribe call. @internal */
export interface SubscribeSettings {
  /** The names subscribed to; undefined for every name (`'*'`). */
  readonly names: ReadonlySet<string> | undefined
  readonly group: string | undefined
  readonly signal: AbortSignal | undefined
}

/**
 * Checks the arguments of `subscribe` as every goes bus does: `'*'` alone, or a non-empty
 * array of valid names; a valid group name; a signal that has not fired.
 *
 * @internal
 */
export function subscribeSettings(
  names: readonly string[] | typeof ALL_EVENTS,
  options: SubscribeOptions | undefined,
  owner: string,
): SubscribeSettings {
  const signal = options?.signal
  checkSignal(signal, `${owner}.subscribe`)
  const group = options?.group
  if (group !== undefined) assertName(group, 'subscription group')
  if (names === ALL_EVENTS) return { names: undefined, group, signal }
  if (!Array.isArray(names)) {
    throw new GoesError(
      'INVALID_NAME',
      `subscribe() takes an array of event names or '*', got ${typeof names}. Example: subscribe(['todo.task_added']).`,
    )
  }
  if (names.length === 0) {
    throw new GoesError(
      'INVALID_NAME',
      "subscribe() got no event names. Pass at least one name, or '*' (alone, not in an array) for every event.",
    )
  }
  for (const name of names) {
    if (name === ALL_EVENTS) {
      throw new GoesError('INVALID_NAME', "'*' must be passed alone, as subscribe('*'), not inside a list of names.")
    }
    assertName(name, 'event name to subscribe to')
  }
  return { names: new Set(names), group, signal }
}

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
