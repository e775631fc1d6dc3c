import { ALL_EVENTS, abortError, assertName, GoesError, type SubscribeOptions } from '@goes/core'

/** The checked arguments of a subscribe call. @internal */
export interface SubscribeArgs {
  readonly names: ReadonlySet<string> | undefined // undefined = every name
  readonly group: string | undefined
  readonly signal: AbortSignal | undefined
}

/**
 * Checks the arguments of `subscribe` as the contract says: `'*'` alone, or a non-empty array
 * of valid names (`'*'` inside it is an error), a valid group name, a live signal.
 *
 * @internal
 */
export function subscribeArgs(names: readonly string[] | typeof ALL_EVENTS, options?: SubscribeOptions): SubscribeArgs {
  const signal = options?.signal
  if (signal?.aborted) throw abortError(signal, 'PubSubBus.subscribe')
  const group = options?.group
  if (group !== undefined) assertName(group, 'subscription group')
  if (names === ALL_EVENTS) return { names: undefined, group, signal }
  if (!Array.isArray(names) || names.length === 0) {
    throw new GoesError(
      'INVALID_NAME',
      `subscribe() takes a non-empty array of event names, or '*' alone; got ${Array.isArray(names) ? 'an empty array' : typeof names}. Example: subscribe(['todo.task_added']).`,
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

/** Throws `INVALID_EVENT` unless `events` is an array. @internal */
export function assertEventArray(events: unknown): asserts events is readonly unknown[] {
  if (!Array.isArray(events)) {
    throw new GoesError('INVALID_EVENT', 'publish() takes an array of events; wrap a single event as [event].')
  }
}
