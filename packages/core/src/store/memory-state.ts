import type { Event } from '../event/event.js'
import type { IdIndex } from './id-index.js'

/** Aggregate name → aggregate id → version → event. @internal */
export type AggregateIndex = Map<string, Map<string, Map<number, Event>>>

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
 * Everything a memory store holds. `events` is in insertion order and only ever appended to;
 * a delete swaps in a new array instead of editing it.
 *
 * @internal
 */
export interface StoreData {
  events: Event[]
  /** Id → position in `events`. */
  readonly ids: IdIndex
  readonly byAggregate: AggregateIndex
  timeOrder: TimeOrder
  /** Time of the last appended event (only meaningful while `events` is not empty). */
  lastTime: bigint
}

/**
 * What a memory store query reads. `events[0, length)` never changes once taken: inserts only
 * append past `length`, and a delete replaces the array — so holding the array and its length
 * IS a consistent snapshot, without copying anything. The maps are live and may only be read
 * synchronously while the query opens.
 *
 * @internal
 */
export interface MemorySnapshot {
  readonly events: readonly Event[]
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
  if (ids === undefined || versions === undefined || versions.get(a.version) !== event) return
  versions.delete(a.version)
  if (versions.size > 0) return
  ids.delete(a.id)
  if (ids.size === 0) index.delete(a.name)
}
