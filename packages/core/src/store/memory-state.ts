import type { Event } from '../event/event.js'
import type { EventLog } from './event-log.js'
import type { IdIndex } from './id-index.js'

/** Versions below this live in the dense array of {@link Versions}; higher ones in a Map. @internal */
export const DENSE_VERSIONS = 1 << 16

/**
 * One aggregate's stored events by version. Mostly an array indexed by version, not a Map:
 * versions are small, dense integers from 1, and this is on the insert hot path. Versions of
 * {@link DENSE_VERSIONS} and above go to `far`, so a huge version cannot blow up the array.
 *
 * @internal
 */
export interface Versions {
  /** `dense[version]`: the event with that version (holes for versions not stored). */
  readonly dense: (Event | undefined)[]
  far: Map<number, Event> | undefined
  count: number
}

/** The event of `version`, if stored. @internal */
export function versionAt(v: Versions, version: number): Event | undefined {
  return version < DENSE_VERSIONS ? v.dense[version] : v.far?.get(version)
}

/** Records `event` under its version (which must be free). @internal */
export function addVersion(v: Versions, version: number, event: Event): void {
  if (version < DENSE_VERSIONS) v.dense[version] = event
  else (v.far ??= new Map()).set(version, event)
  v.count++
}

/** Every stored event of the aggregate, appended to `out`. @internal */
export function collectVersions(v: Versions, out: Event[]): void {
  for (const e of v.dense) if (e !== undefined) out.push(e)
  if (v.far !== undefined) for (const e of v.far.values()) out.push(e)
}

/** Aggregate name → aggregate id → its events by version. @internal */
export type AggregateIndex = Map<string, Map<string, Versions>>

/**
 * How the stored events are ordered by time, in insertion order: 0 = unknown, 1 = times never
 * decrease (ties possible), 2 = times strictly increase. Lets sorted queries skip the sort.
 *
 * @internal
 */
export type TimeOrder = 0 | 1 | 2
/** @internal */
export const UNORDERED: TimeOrder = 0
/** @internal */
export const ORDERED: TimeOrder = 1
/** @internal */
export const STRICT: TimeOrder = 2

/**
 * Everything a memory store holds. `log` is in insertion order and only ever appended to (or
 * cut back by a failed batch); a delete swaps in a new log instead of editing it.
 *
 * @internal
 */
export interface StoreData {
  log: EventLog
  /** Id → position in `log`. */
  readonly ids: IdIndex
  readonly byAggregate: AggregateIndex
  timeOrder: TimeOrder
  /** Time of the last appended event (only meaningful while `log` is not empty). */
  lastTime: bigint
}

/**
 * What a memory store query reads. Positions `[0, length)` of `log` never change once taken:
 * inserts only append past `length`, and a delete replaces the log — so holding the log and
 * its length IS a consistent snapshot, without copying anything. The maps are live and may
 * only be read synchronously while the query opens.
 *
 * @internal
 */
export interface MemorySnapshot {
  readonly log: EventLog
  readonly length: number
  readonly timeOrder: TimeOrder
  readonly ids: IdIndex
  readonly byAggregate: AggregateIndex
}

/** Removes `event` from the aggregate index if it is the one indexed, dropping emptied maps. @internal */
export function unindexAggregate(index: AggregateIndex, event: Event): void {
  const a = event.aggregate
  if (a === undefined) return
  const ids = index.get(a.name)
  const versions = ids?.get(a.id)
  if (ids === undefined || versions === undefined || versionAt(versions, a.version) !== event) return
  if (a.version < DENSE_VERSIONS) versions.dense[a.version] = undefined
  else versions.far!.delete(a.version)
  if (--versions.count > 0) return
  ids.delete(a.id)
  if (ids.size === 0) index.delete(a.name)
}
