import { GoesError } from '../errors/errors.js'
import { formatValue } from '../errors/format.js'

/**
 * What a {@link SnapshotSchedule} is asked after a save: the aggregate and the versions
 * before (`from`) and after (`to`) the save.
 *
 * @example
 * ```ts
 * const due: SnapshotSchedule = ({ from, to }) => to - from >= 10 // after big saves only
 * ```
 * @public
 */
export interface SnapshotDue {
  readonly aggregateName: string
  readonly aggregateId: string
  readonly from: number
  readonly to: number
}

/**
 * Decides after each save whether the repository takes a snapshot of the aggregate.
 *
 * @example
 * ```ts
 * new Repository(store, { snapshots: { store: snapshots, every: everyVersions(100) } })
 * ```
 * @public
 */
export type SnapshotSchedule = (due: SnapshotDue) => boolean

/**
 * A schedule that snapshots whenever a save crosses a multiple of `n`: with `n = 10`, a save
 * from version 8 to 12 takes one (at 12), a save from 10 to 19 does not. A save of many events
 * takes one snapshot, not one per multiple. `every: n` in the repository options means the same.
 *
 * @throws `GoesError` `INVALID_OPTION` unless `n` is an integer ≥ 1.
 * @example
 * ```ts
 * const schedule = everyVersions(50)
 * schedule({ aggregateName: 'todo.list', aggregateId: id, from: 49, to: 51 }) // true
 * ```
 * @public
 */
export function everyVersions(n: number): SnapshotSchedule {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) {
    throw new GoesError(
      'INVALID_OPTION',
      `everyVersions(n) takes an integer ≥ 1, got ${formatValue(n)}. Pass how many versions lie between two snapshots, e.g. 100.`,
    )
  }
  return ({ from, to }) => Math.floor(to / n) > Math.floor(from / n)
}
