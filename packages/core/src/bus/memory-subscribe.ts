import { abortError, GoesError } from '../errors/errors.js'
import { assertName } from '../event/validate.js'
import { ALL_EVENTS, type SubscribeOptions } from './bus.js'

/** The validated parts of a subscribe call. @internal */
export interface SubscriptionSettings {
  readonly names: ReadonlySet<string> | undefined // undefined = every name
  readonly group: string | undefined
  readonly signal: AbortSignal | undefined
}

/**
 * Validates the arguments of `subscribe`: `'*'` alone, or a non-empty array of valid names
 * (`'*'` inside the array is an error, not a wildcard); a valid group name; a live signal.
 *
 * @internal
 */
export function subscriptionSettings(
  names: readonly string[] | typeof ALL_EVENTS,
  options: SubscribeOptions | undefined,
): SubscriptionSettings {
  const signal = options?.signal
  if (signal?.aborted) throw abortError(signal, 'MemoryBus.subscribe')
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
