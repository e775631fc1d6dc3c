import { CodecRegistry } from '../../codec/registry.js'
import { GoesError } from '../../errors/errors.js'
import { formatValue } from '../../errors/format.js'
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

// setTimeout fires at once for delays above 2^31 − 1 ms (about 24.8 days).
const MAX_DELAY = 2 ** 31 - 1

/** Validates the bus options and applies the defaults. @internal */
export function resolveBusOptions(options: EventCommandBusOptions = {}): ResolvedBusOptions {
  if (typeof options !== 'object' || options === null) {
    throw new GoesError(
      'INVALID_OPTION',
      `EventCommandBus takes its options as an object, got ${formatValue(options)}.`,
    )
  }
  const codecs = options.codecs ?? new CodecRegistry({ unknownNames: 'json' })
  if (!(codecs instanceof CodecRegistry)) {
    throw new GoesError(
      'INVALID_OPTION',
      'The EventCommandBus option codecs must be a CodecRegistry: new CodecRegistry().register(commandName, …).',
    )
  }
  const mode = options.mode ?? 'assign'
  if (mode !== 'assign' && mode !== 'group') {
    throw new GoesError(
      'INVALID_OPTION',
      `The EventCommandBus option mode must be 'assign' or 'group', got ${formatValue(mode)}. Leave it out for 'assign'.`,
    )
  }
  const maxBufferedErrors = options.maxBufferedErrors ?? 1000
  if (!(Number.isInteger(maxBufferedErrors) && maxBufferedErrors >= 1)) {
    throw new GoesError(
      'INVALID_OPTION',
      `The EventCommandBus option maxBufferedErrors must be an integer ≥ 1, got ${formatValue(maxBufferedErrors)}.`,
    )
  }
  return {
    codecs,
    mode,
    sync: flag(options.sync, false, 'EventCommandBus option sync'),
    assignTimeoutMs: delay(options.assignTimeoutMs, 5000, 'EventCommandBus option assignTimeoutMs'),
    timeoutMs: delay(options.timeoutMs, 30_000, 'EventCommandBus option timeoutMs'),
    maxBufferedErrors,
  }
}

/** Validates the options of one dispatch, falling back to the bus's defaults. @internal */
export function resolveDispatch(options: DispatchOptions | undefined, bus: ResolvedBusOptions): ResolvedDispatch {
  if (options === undefined) return bus
  if (typeof options !== 'object' || options === null) {
    throw new GoesError(
      'INVALID_OPTION',
      `dispatch() takes its options as an object { sync?, assignTimeoutMs?, timeoutMs?, signal? }, got ${formatValue(options)}.`,
    )
  }
  return {
    sync: flag(options.sync, bus.sync, 'dispatch option sync'),
    assignTimeoutMs: delay(options.assignTimeoutMs, bus.assignTimeoutMs, 'dispatch option assignTimeoutMs'),
    timeoutMs: delay(options.timeoutMs, bus.timeoutMs, 'dispatch option timeoutMs'),
  }
}

function flag(value: boolean | undefined, fallback: boolean, what: string): boolean {
  if (value === undefined) return fallback
  if (typeof value !== 'boolean')
    throw new GoesError('INVALID_OPTION', `The ${what} must be a boolean, got ${formatValue(value)}.`)
  return value
}

/** A timeout in ms: a number > 0, at most 2^31 − 1, or Infinity for none. */
function delay(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback
  if (typeof value === 'number' && value > 0 && (value <= MAX_DELAY || value === Number.POSITIVE_INFINITY)) {
    return value
  }
  throw new GoesError(
    'INVALID_OPTION',
    `The ${what} must be a number of milliseconds > 0 and ≤ ${MAX_DELAY} (or Infinity for no limit), got ${formatValue(value)}.`,
  )
}
