import { GoesError } from '../../errors/errors.js'
import { formatValue } from '../../errors/format.js'
import { optionChecks } from '../../options/check.js'

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
  const check = optionChecks(what)
  const o = check.object(options, '{ workers: 4 }')
  check.knownKeys(o, new Set([...KEYS, ...extra]))
  return {
    workers: check.integer('workers', o.workers, { fallback: 1, fix: 'Use a whole number ≥ 1, e.g. { workers: 4 }.' }),
    onError: check.function('onError', o.onError, 'Pass a function (err) => void.'),
    maxBufferedErrors: check.integer('maxBufferedErrors', o.maxBufferedErrors, {
      fallback: 1024,
      fix: 'Use a whole number ≥ 1.',
    }),
  }
}

export function invalid(what: string, name: string, value: unknown, fix: string): GoesError<'INVALID_OPTION'> {
  return new GoesError('INVALID_OPTION', `The ${what} option "${name}" is invalid: got ${formatValue(value)}. ${fix}`)
}
