import { abortError, GoesError } from '../errors/errors.js'
import { assertName } from '../event/validate.js'
import { ALL_EVENTS, type SubscribeOptions } from './bus.js'

/** The checked arguments of a `subscribe` call: see {@link subscribeArguments}. @public */
export interface SubscribeArguments {
  /** The names subscribed to; undefined for every name (`'*'`). */
  readonly names: ReadonlySet<string> | undefined
  readonly group: string | undefined
  readonly signal: AbortSignal | undefined
}

/**
 * Checks the arguments of `EventBus.subscribe` as the contract says, for every bus
 * implementation: `'*'` alone, or a non-empty array of valid names (`'*'` inside the array is
 * an error, not a wildcard); a valid group name; a signal that has not fired. Throws
 * `INVALID_NAME` or `ABORTED` (naming `owner`).
 *
 * @example
 * ```ts
 * async subscribe(names: readonly string[] | '*', options?: SubscribeOptions) {
 *   const { names: wanted, group, signal } = subscribeArguments(names, options, 'MyBus')
 * ```
 * @public
 */
export function subscribeArguments(
  names: readonly string[] | typeof ALL_EVENTS,
  options: SubscribeOptions | undefined,
  owner: string,
): SubscribeArguments {
  const signal = options?.signal
  if (signal?.aborted) throw abortError(signal, `${owner}.subscribe`)
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
