import { GoesError } from '../../errors/errors.js'
import { formatValue } from '../../errors/format.js'

/**
 * Options of a {@link CommandHandler} (and of `handleAggregateCommands` / `handleBuiltins`).
 *
 * @example
 * ```ts
 * new CommandHandler(bus, { workers: 4, onError: (err) => log.warn(err) })
 * ```
 * @public
 */
export interface CommandHandlerOptions {
  /**
   * Commands handled at the same time. Commands addressed to one aggregate always run one after
   * the other, in the order they were received; others spread over the workers. Default 1.
   */
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
export interface ResolvedCommandOptions {
  readonly workers: number
  readonly onError: ((err: GoesError) => void) | undefined
  readonly maxBufferedErrors: number
}

const KEYS: ReadonlySet<string> = new Set(['workers', 'onError', 'maxBufferedErrors'])

/**
 * Validates the {@link CommandHandlerOptions} part of `options`; keys in `extra` belong to the
 * caller (e.g. `handleBuiltins`' store) and are let through. Throws `INVALID_OPTION`.
 *
 * @internal
 */
export function resolveCommandOptions(
  options: CommandHandlerOptions | undefined,
  what = 'CommandHandler',
  extra: readonly string[] = [],
): ResolvedCommandOptions {
  if (options === undefined) return { workers: 1, onError: undefined, maxBufferedErrors: 1024 }
  if (typeof options !== 'object' || options === null) {
    throw invalid(what, 'options', options, 'Pass an object such as { workers: 4 }, or nothing.')
  }
  for (const key of Object.keys(options)) {
    if (!KEYS.has(key) && !extra.includes(key)) {
      const known = [...KEYS, ...extra].join(', ')
      throw new GoesError(
        'INVALID_OPTION',
        `Unknown ${what} option "${key}". Known ones: ${known}; check the spelling.`,
      )
    }
  }
  const workers = options.workers ?? 1
  if (!Number.isSafeInteger(workers) || workers < 1) {
    throw invalid(what, 'workers', workers, 'Use a whole number ≥ 1, e.g. { workers: 4 }.')
  }
  const maxBufferedErrors = options.maxBufferedErrors ?? 1024
  if (!Number.isSafeInteger(maxBufferedErrors) || maxBufferedErrors < 1) {
    throw invalid(what, 'maxBufferedErrors', maxBufferedErrors, 'Use a whole number ≥ 1.')
  }
  if (options.onError !== undefined && typeof options.onError !== 'function') {
    throw invalid(what, 'onError', options.onError, 'Pass a function (err) => void.')
  }
  return { workers, onError: options.onError, maxBufferedErrors }
}

/** An `INVALID_OPTION` error naming the option, the bad value and the fix. @internal */
export function invalid(what: string, name: string, value: unknown, fix: string): GoesError<'INVALID_OPTION'> {
  return new GoesError('INVALID_OPTION', `The ${what} option "${name}" is invalid: got ${formatValue(value)}. ${fix}`)
}
