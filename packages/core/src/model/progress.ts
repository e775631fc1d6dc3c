import { GoesError } from '../errors/errors.js'
import { formatValue } from '../errors/format.js'
import type { Event } from '../event/event.js'

/**
 * What a projection has applied, as plain data any model store keeps (JSON, BSON — no bigint):
 * every event before `time`, and the events at exactly `time` whose ids are in `ids`. Store it
 * in the projection's model and save both together, so the model and its progress never part.
 *
 * @example
 * ```ts
 * type Board = { open: number; progress: ProjectionProgress }
 * const board: Board = { open: 0, progress: emptyProgress() }
 * ```
 * @public
 */
export interface ProjectionProgress {
  /**
   * Nanoseconds since the epoch, as a decimal string (an event's `timeNano`); `''` while
   * nothing is applied (so events before 1970 are not taken for applied).
   */
  readonly time: string
  /** The ids of the applied events at exactly `time`, in the order they were applied. */
  readonly ids: readonly string[]
}

/**
 * The part of an event a progress looks at: any `Event` will do.
 *
 * @example
 * ```ts
 * const e: ProgressEvent = { id: event.id, timeNano: event.timeNano }
 * ```
 * @public
 */
export type ProgressEvent = Pick<Event, 'id' | 'timeNano'>

/**
 * The progress of a projection that has applied nothing yet.
 *
 * @example
 * ```ts
 * const progress = emptyProgress() // { time: '', ids: [] }
 * ```
 * @public
 */
export function emptyProgress(): ProjectionProgress {
  return { time: '', ids: [] }
}

/**
 * Whether `progress` covers `event`: its time is before the progress time, or equal and its id
 * is among the progress ids. Compares nanoseconds exactly.
 *
 * @example
 * ```ts
 * if (progressCovers(model.progress, event)) return // applied before
 * ```
 * @public
 */
export function progressCovers(progress: ProjectionProgress, event: ProgressEvent): boolean {
  const time = progressTime(progress)
  if (time === undefined) return false
  return event.timeNano < time || (event.timeNano === time && progress.ids.includes(event.id))
}

/**
 * The progress after applying `events` — a new record, never behind `progress`: an event
 * covered already changes nothing; a later one moves the time to its own and restarts the ids;
 * one at exactly the progress time adds its id.
 *
 * @example
 * ```ts
 * model.progress = advanceProgress(model.progress, batch)
 * ```
 * @public
 */
export function advanceProgress(progress: ProjectionProgress, events: Iterable<ProgressEvent>): ProjectionProgress {
  let time = progressTime(progress)
  let ids = progress.ids
  let changed = false
  for (const event of events) {
    if (time === undefined || event.timeNano > time) {
      time = event.timeNano
      ids = [event.id]
      changed = true
    } else if (event.timeNano === time && !ids.includes(event.id)) {
      ids = [...ids, event.id]
      changed = true
    }
  }
  return changed ? { time: String(time), ids } : { time: progress.time, ids: [...progress.ids] }
}

/**
 * The progress time as a bigint, `undefined` while nothing is applied; `INVALID_OPTION` when
 * the record is malformed.
 *
 * @example
 * ```ts
 * const lag = nowNano() - (progressTime(model.progress) ?? 0n)
 * ```
 * @public
 */
export function progressTime(progress: ProjectionProgress): bigint | undefined {
  const time = (progress as { time?: unknown } | null | undefined)?.time
  const ids = (progress as { ids?: unknown } | null | undefined)?.ids
  if (typeof time !== 'string' || !/^(-?(0|[1-9][0-9]*))?$/.test(time) || !Array.isArray(ids)) {
    throw new GoesError(
      'INVALID_OPTION',
      `A projection progress must be { time: '<nanoseconds, decimal>' or '', ids: [...] }, got time ${formatValue(time)} and ids ${formatValue(ids)}. ` +
        'Start from emptyProgress() and change it only with advanceProgress().',
    )
  }
  return time === '' ? undefined : BigInt(time)
}
