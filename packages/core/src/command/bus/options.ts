import { CodecRegistry } from '../../codec/registry.js'
import { optionChecks } from '../../options/check.js'
import type { DispatchOptions } from '../types.js'
import type { CommandBusMode } from './protocol.js'

/**
 * Options of `EventCommandBus`.
 *
 * @example
 * ```ts
 * const options: EventCommandBusOptions = { codecs: commandCodecs, sync: true, timeoutMs: 10_000 }
 * ```
 * @public
 */
export interface EventCommandBusOptions {
  /**
   * Encodes and decodes command payloads by command name. Default: JSON for every name (a
   * registry with `unknownNames: 'json'`), so payloads must be plain data — as they must be on
   * any wire. A payload is only decoded by the one handler instance that executes the command.
   */
  readonly codecs?: CodecRegistry
  /**
   * How the handler instances of a command name compete for its commands:
   * - `'assign'` (default, works on every event bus): each instance that handles the name
   *   requests the command, and the dispatcher assigns it to the first requester.
   * - `'group'`: handlers subscribe with a load-balancing group per command name, so the event
   *   bus itself delivers each command to one instance — one round trip less. Needs an event
   *   bus that supports `SubscribeOptions.group`.
   *
   * Dispatchers and handlers of one command name must use the same mode: a handler ignores
   * commands dispatched in the other mode (the dispatch then fails with `NOT_ASSIGNED`).
   */
  readonly mode?: CommandBusMode
  /** Default of `DispatchOptions.sync`: wait for the execution. Default false. */
  readonly sync?: boolean
  /** Default of `DispatchOptions.assignTimeoutMs`. Default 5000. */
  readonly assignTimeoutMs?: number
  /** Default of `DispatchOptions.timeoutMs`. Default 30000. */
  readonly timeoutMs?: number
  /** Unread errors `errors` keeps (each subscription's `errors` too); older ones are dropped. Default 1000. */
  readonly maxBufferedErrors?: number
}

/** Options with their defaults applied. @internal */
export interface ResolvedBusOptions {
  readonly codecs: CodecRegistry
  readonly mode: CommandBusMode
  readonly sync: boolean
  readonly assignTimeoutMs: number
  readonly timeoutMs: number
  readonly maxBufferedErrors: number
}

/** What one dispatch waits for, and how long. @internal */
export interface ResolvedDispatch {
  readonly sync: boolean
  readonly assignTimeoutMs: number
  readonly timeoutMs: number
}

const check = optionChecks('EventCommandBus')

/** Validates the bus options and applies the defaults. @internal */
export function resolveBusOptions(options: EventCommandBusOptions = {}): ResolvedBusOptions {
  const o = check.object(options)
  const codecs = o.codecs ?? new CodecRegistry({ unknownNames: 'json' })
  if (!(codecs instanceof CodecRegistry)) {
    throw check.invalid('codecs', codecs, 'a CodecRegistry', 'Pass new CodecRegistry().register(commandName, …).')
  }
  return {
    codecs,
    mode: check.choice('mode', o.mode, ['assign', 'group'] as const, 'assign'),
    sync: check.boolean('sync', o.sync, false),
    assignTimeoutMs: check.duration('assignTimeoutMs', o.assignTimeoutMs, { fallback: 5000, infinity: true }),
    timeoutMs: check.duration('timeoutMs', o.timeoutMs, { fallback: 30_000, infinity: true }),
    maxBufferedErrors: check.integer('maxBufferedErrors', o.maxBufferedErrors, { fallback: 1000 }),
  }
}

const dispatchCheck = optionChecks('dispatch()')

/** Validates the options of one dispatch, falling back to the bus's defaults. @internal */
export function resolveDispatch(options: DispatchOptions | undefined, bus: ResolvedBusOptions): ResolvedDispatch {
  if (options === undefined) return bus
  const o = dispatchCheck.object(options, '{ sync?, assignTimeoutMs?, timeoutMs?, signal? }')
  return {
    sync: dispatchCheck.boolean('sync', o.sync, bus.sync),
    assignTimeoutMs: dispatchCheck.duration('assignTimeoutMs', o.assignTimeoutMs, {
      fallback: bus.assignTimeoutMs,
      infinity: true,
    }),
    timeoutMs: dispatchCheck.duration('timeoutMs', o.timeoutMs, { fallback: bus.timeoutMs, infinity: true }),
  }
}
