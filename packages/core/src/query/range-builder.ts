import { dateToNano } from '../event/time.js'
import { queryError, show } from './problem.js'
import type { RangeFilter } from './types.js'

// Collects range filter parts. Repeated calls widen: lists union, min keeps the lowest, max the
// highest — the same rule mergeQueries follows.
/** @internal */
export class RangeParts<T extends number | bigint> {
  exact: T[] | undefined
  ranges: (readonly [T, T])[] | undefined
  min: T | undefined
  max: T | undefined

  addExact(values: T[]): void {
    this.exact = [...(this.exact ?? []), ...values]
  }
  addRange(from: T, to: T): void {
    this.ranges = [...(this.ranges ?? []), [from, to] as const]
  }
  lower(v: T): void {
    if (this.min === undefined || v < this.min) this.min = v
  }
  upper(v: T): void {
    if (this.max === undefined || v > this.max) this.max = v
  }
  /** The filter, or undefined when nothing was set; empty lists stay so validation can flag them. */
  build(): RangeFilter<T> | undefined {
    const f: { -readonly [K in keyof RangeFilter<T>]: RangeFilter<T>[K] } = {}
    if (this.exact !== undefined) f.exact = [...this.exact]
    if (this.ranges !== undefined) f.ranges = [...this.ranges]
    if (this.min !== undefined) f.min = this.min
    if (this.max !== undefined) f.max = this.max
    return Object.keys(f).length === 0 ? undefined : f
  }
}

/**
 * A time the builder accepts: a `Date` (millisecond precision) or a bigint of nanoseconds since
 * the epoch.
 *
 * @example
 * ```ts
 * const since: TimeInput = new Date('2024-01-01') // or 1_704_067_200_000_000_000n
 * ```
 * @public
 */
export type TimeInput = Date | bigint

function nano(t: TimeInput, method: string): bigint {
  if (typeof t === 'bigint') return t
  if (t instanceof Date && !Number.isNaN(t.getTime())) return dateToNano(t)
  throw queryError(
    `times (${method})`,
    `got ${show(t)}, not a valid Date or bigint`,
    'Pass a valid Date or a bigint of nanoseconds since the epoch.',
  )
}

/**
 * Builds a time filter inside `query().time(t => …)`. All bounds are inclusive except
 * `before` / `after`. Calls accumulate: values and ranges add up, several `min`s keep the
 * lowest and several `max`s the highest.
 *
 * @example
 * ```ts
 * query().time((t) => t.after(since).before(new Date())).build()
 * ```
 * @public
 */
export class TimeFilterBuilder {
  /** @internal */
  readonly parts = new RangeParts<bigint>()

  /** Times equal to one of these. */
  exact(...times: TimeInput[]): this {
    this.parts.addExact(times.map((t) => nano(t, 'exact')))
    return this
  }
  /** Times in `[from, to]`, both inclusive. */
  range(from: TimeInput, to: TimeInput): this {
    this.parts.addRange(nano(from, 'range'), nano(to, 'range'))
    return this
  }
  /** Times at or after `t`. */
  min(t: TimeInput): this {
    this.parts.lower(nano(t, 'min'))
    return this
  }
  /** Times at or before `t`. */
  max(t: TimeInput): this {
    this.parts.upper(nano(t, 'max'))
    return this
  }
  /** Times strictly after `t`. */
  after(t: TimeInput): this {
    this.parts.lower(nano(t, 'after') + 1n)
    return this
  }
  /** Times strictly before `t`. */
  before(t: TimeInput): this {
    this.parts.upper(nano(t, 'before') - 1n)
    return this
  }
}

/**
 * Builds an aggregate version filter inside `query().aggregateVersions(v => …)`; all bounds
 * inclusive, calls accumulate like {@link TimeFilterBuilder}'s.
 *
 * @example
 * ```ts
 * query().aggregateVersions((v) => v.range(1, 10).exact(42)).build()
 * ```
 * @public
 */
export class VersionFilterBuilder {
  /** @internal */
  readonly parts = new RangeParts<number>()

  /** Versions equal to one of these. */
  exact(...versions: number[]): this {
    this.parts.addExact(versions)
    return this
  }
  /** Versions in `[from, to]`, both inclusive. */
  range(from: number, to: number): this {
    this.parts.addRange(from, to)
    return this
  }
  /** Versions ≥ `v`. */
  min(v: number): this {
    this.parts.lower(v)
    return this
  }
  /** Versions ≤ `v`. */
  max(v: number): this {
    this.parts.upper(v)
    return this
  }
}
