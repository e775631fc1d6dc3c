import { GoesError } from '../errors/errors.js'
import { formatValue } from '../errors/format.js'

// setTimeout fires at once for delays above 2^31 − 1 ms (about 24.8 days).
const MAX_DELAY = 2 ** 31 - 1

/** Bounds of an integer option: see {@link OptionCheck.integer}. @public */
export interface IntegerRule {
  /** The value when the option is left out; without it the option is required. */
  readonly fallback?: number
  /** Smallest value allowed (default 1). */
  readonly min?: number
  /** Largest value allowed (default: any safe integer). */
  readonly max?: number
  /** Whether `Infinity` (no limit) is allowed. */
  readonly infinity?: boolean
  /** A sentence telling the user what to pass, appended to the message. */
  readonly fix?: string
}

/** Bounds of a duration option in milliseconds: see {@link OptionCheck.duration}. @public */
export interface DurationRule {
  /** The value when the option is left out; without it the option is required. */
  readonly fallback?: number
  /** Whether 0 is allowed (default false: a duration is > 0). */
  readonly zero?: boolean
  /** Whether `Infinity` (never) is allowed. */
  readonly infinity?: boolean
  /** A sentence telling the user what to pass, appended to the message. */
  readonly fix?: string
}

/**
 * The checks of one component's options, with one message format for all of goes: every
 * failure is an `INVALID_OPTION` error that names the component, the option, what it must be,
 * what it got and, where given, what to pass instead.
 *
 * @example
 * ```ts
 * const check = optionChecks('MyBus')
 * const o = check.object(options)
 * const max = check.integer('maxBufferedErrors', o.maxBufferedErrors, { fallback: 1000 })
 * const wait = check.duration('pollMs', o.pollMs, { fallback: 1000 })
 * ```
 * @public
 */
export class OptionCheck {
  /** The component whose options these are, e.g. `'NatsBus'`. */
  readonly owner: string

  constructor(owner: string) {
    this.owner = owner
  }

  /** The error for option `name`: it must be `expected`, got `value`. */
  invalid(name: string, value: unknown, expected: string, fix?: string): GoesError<'INVALID_OPTION'> {
    return new GoesError(
      'INVALID_OPTION',
      `The ${this.owner} option \`${name}\` must be ${expected}, got ${formatValue(value)}.${fix === undefined ? '' : ` ${fix}`}`,
    )
  }

  /** The options object itself: `{}` when left out, else it must be an object. */
  object<T extends object>(options: T | undefined, example?: string): T {
    if (options === undefined) return {} as T
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
      throw new GoesError(
        'INVALID_OPTION',
        `${this.owner} takes its options as an object${example === undefined ? '' : `, e.g. ${example}`}, got ${formatValue(options)}. Leave them out for the defaults.`,
      )
    }
    return options
  }

  /** Rejects keys outside `known`, so a misspelt option does not pass unnoticed. */
  knownKeys(options: object, known: ReadonlySet<string>): void {
    for (const key of Object.keys(options)) {
      if (!known.has(key)) {
        throw new GoesError(
          'INVALID_OPTION',
          `Unknown ${this.owner} option "${key}". Known ones: ${[...known].join(', ')}; check the spelling.`,
        )
      }
    }
  }

  /** A safe integer within the rule's bounds (or `Infinity` where allowed). */
  integer(name: string, value: unknown, rule: IntegerRule = {}): number {
    if (value === undefined && rule.fallback !== undefined) return rule.fallback
    const min = rule.min ?? 1
    const max = rule.max ?? Number.MAX_SAFE_INTEGER
    if (rule.infinity === true && value === Number.POSITIVE_INFINITY) return value
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max) return value
    const range = rule.max === undefined ? `≥ ${min}` : `from ${min} to ${max}`
    throw this.invalid(name, value, `an integer ${range}${rule.infinity === true ? ' or Infinity' : ''}`, rule.fix)
  }

  /** A number of milliseconds a timer can wait: > 0 (or ≥ 0), at most 2^31 − 1, or `Infinity` where allowed. */
  duration(name: string, value: unknown, rule: DurationRule = {}): number {
    if (value === undefined && rule.fallback !== undefined) return rule.fallback
    if (rule.infinity === true && value === Number.POSITIVE_INFINITY) return value
    if (typeof value === 'number' && (value > 0 || (rule.zero === true && value === 0)) && value <= MAX_DELAY) {
      return value
    }
    const floor = rule.zero === true ? '≥ 0' : '> 0'
    const expected = `a number of milliseconds ${floor} and ≤ ${MAX_DELAY}${rule.infinity === true ? ' (or Infinity for no limit)' : ''}`
    throw this.invalid(name, value, expected, rule.fix)
  }

  /** `true` or `false`; `fallback` when left out. */
  boolean(name: string, value: unknown, fallback: boolean): boolean {
    if (value === undefined) return fallback
    if (typeof value === 'boolean') return value
    throw this.invalid(name, value, 'true or false')
  }

  /** One of `choices`; `fallback` when left out. */
  choice<T extends string>(name: string, value: unknown, choices: readonly T[], fallback: T): T {
    if (value === undefined) return fallback
    if ((choices as readonly unknown[]).includes(value)) return value as T
    const list = choices.map((c) => `'${c}'`).join(' or ')
    throw this.invalid(name, value, list, `Leave it out for '${fallback}'.`)
  }

  /** A function, or undefined when left out. */
  function<F extends (...args: never[]) => unknown>(name: string, value: F | undefined, fix?: string): F | undefined {
    if (value === undefined || typeof value === 'function') return value
    throw this.invalid(name, value, 'a function', fix)
  }
}

/**
 * The option checks of component `owner` (see {@link OptionCheck}).
 *
 * @example
 * ```ts
 * const workers = optionChecks('EventHandler').integer('workers', options.workers, { fallback: 1 })
 * ```
 * @public
 */
export function optionChecks(owner: string): OptionCheck {
  return new OptionCheck(owner)
}
