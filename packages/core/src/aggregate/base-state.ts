import { GoesError } from '../errors/errors.js'
import { assertTag } from './tags.js'

/**
 * What the `Aggregate` base class keeps besides the state of a subclass: the version, the
 * tags and the soft-delete flag. A snapshot stores it next to the subclass' own state, so
 * that tags and deletion recorded before the snapshot survive a fetch from it.
 *
 * @example
 * ```ts
 * const base: AggregateBaseState = list.baseState() // { version: 12, tags: ['vip'], softDeleted: false }
 * ```
 * @public
 */
export interface AggregateBaseState {
  /** The committed version (an integer ≥ 0). */
  readonly version: number
  readonly tags: readonly string[]
  readonly softDeleted: boolean
}

/**
 * Throws a typed error unless `state` is a well-formed base state: `INVALID_VERSION` for a
 * version that is not an integer ≥ 0, `INVALID_STATE` for a missing tags array or flag,
 * `INVALID_NAME` for a bad tag.
 *
 * @internal
 */
export function assertBaseState(state: unknown, aggregate: string): asserts state is AggregateBaseState {
  const s = (typeof state === 'object' && state !== null ? state : {}) as Partial<AggregateBaseState>
  const v = s.version
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new GoesError(
      'INVALID_VERSION',
      `The snapshot version of ${aggregate} must be an integer ≥ 0, got ${String(v)}. Take snapshots with baseState().`,
    )
  }
  if (!Array.isArray(s.tags) || typeof s.softDeleted !== 'boolean') {
    throw new GoesError(
      'INVALID_STATE',
      `The snapshot base state of ${aggregate} needs a tags array and a boolean softDeleted. Take snapshots with baseState().`,
    )
  }
  for (const t of s.tags) assertTag(t)
}
