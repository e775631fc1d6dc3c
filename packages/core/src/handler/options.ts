import { GoesError } from '../errors/errors.js'
import { formatValue } from '../errors/format.js'
import { optionChecks } from '../options/check.js'
import type { Query } from '../query/types.js'
import { validateQuery } from '../query/validate.js'
import type { EventStore } from '../store/store.js'

/**
 * Startup replay of an {@link EventHandler}: before live events, the handler replays the
 * store's events of its registered names, restricted further by `query`, sorted by time.
 *
 * @example
 * ```ts
 * const weekAgo = nowNano() - 7n * 24n * 3600n * 1_000_000_000n
 * new EventHandler(bus, { startup: { store, query: { times: { min: weekAgo } } } })
 * ```
 * @public
 */
export interface StartupOptions {
  /** The store to replay from. */
  readonly store: EventStore
  /**
   * Restricts the replay, e.g. to the last 7 days. Its `names` (if any) are intersected with
   * the registered names; its `sort` is replaced by time order.
   */
  readonly query?: Query
  /**
   * How long (ms) an event may take from its `time` to its publication and still be recognised
   * as a duplicate when it arrives both from the replay and live. Default 10 000; `Infinity`
   * remembers every replayed id (memory grows with the replay). See the class docs.
   */
  readonly dedupeWindowMs?: number
}

/**
 * Options of {@link EventHandler}.
 *
 * @example
 * ```ts
 * new EventHandler(bus, { workers: 4, onError: (err) => log.warn(err) })
 * ```
 * @public
 */
export interface EventHandlerOptions {
  /** Replays stored events on start, before live ones. */
  readonly startup?: StartupOptions
  /** Events handled at the same time; events of one aggregate always stay in order. Default 1. */
  readonly workers?: number
  /** Called with every error the handler reports (it must not throw; what it throws is ignored). */
  readonly onError?: (err: GoesError) => void
  /**
   * How many errors the `errors` stream buffers while nobody reads it; beyond that the oldest
   * are dropped from the stream (never from `onError`). Default 1024.
   */
  readonly maxBufferedErrors?: number
}

/** Options after validation, defaults applied. @internal */
export interface ResolvedOptions {
  readonly startup:
    | { readonly store: EventStore; readonly query: Query; readonly windowNs: bigint | undefined }
    | undefined
  readonly workers: number
  readonly onError: ((err: GoesError) => void) | undefined
  readonly maxBufferedErrors: number
}

const OPTION_KEYS = new Set(['startup', 'workers', 'onError', 'maxBufferedErrors'])
const STARTUP_KEYS = new Set(['store', 'query', 'dedupeWindowMs'])
const check = optionChecks('EventHandler')

/** Validates {@link EventHandlerOptions}; throws `INVALID_OPTION` naming the option and the fix. @internal */
export function resolveOptions(options: EventHandlerOptions | undefined): ResolvedOptions {
  if (options === undefined) return { startup: undefined, workers: 1, onError: undefined, maxBufferedErrors: 1024 }
  const o = check.object(options, '{ workers: 4 }')
  check.knownKeys(o, OPTION_KEYS)
  return {
    startup: resolveStartup(o.startup),
    workers: check.integer('workers', o.workers, { fallback: 1, fix: 'Use a whole number ≥ 1, e.g. { workers: 4 }.' }),
    onError: check.function('onError', o.onError, 'Pass a function (err) => void.'),
    maxBufferedErrors: check.integer('maxBufferedErrors', o.maxBufferedErrors, {
      fallback: 1024,
      fix: 'Use a whole number ≥ 1.',
    }),
  }
}

function resolveStartup(startup: StartupOptions | undefined): ResolvedOptions['startup'] {
  if (startup === undefined) return undefined
  if (typeof startup !== 'object' || startup === null) {
    throw invalid('startup', startup, 'Pass { store, query? }.')
  }
  optionChecks('EventHandler startup').knownKeys(startup, STARTUP_KEYS)
  if (typeof (startup.store as Partial<EventStore> | undefined)?.query !== 'function') {
    throw invalid('startup.store', startup.store, 'Pass an EventStore (an object with a query() method).')
  }
  const query = startup.query === undefined ? {} : validateQuery(startup.query)
  const window = startup.dedupeWindowMs ?? 10_000
  if (typeof window !== 'number' || Number.isNaN(window) || window < 0) {
    throw invalid('startup.dedupeWindowMs', window, 'Use a number of milliseconds ≥ 0, or Infinity.')
  }
  const windowNs = window === Number.POSITIVE_INFINITY ? undefined : BigInt(Math.round(window * 1e6))
  return { store: startup.store, query, windowNs }
}

function invalid(name: string, value: unknown, fix: string): GoesError<'INVALID_OPTION'> {
  return new GoesError(
    'INVALID_OPTION',
    `The EventHandler option "${name}" is invalid: got ${formatValue(value)}. ${fix}`,
  )
}
