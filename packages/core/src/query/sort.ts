import type { Event } from '../event/event.js'
import type { SortField, Sorting } from './types.js'
import { validateSort } from './validate-sort.js'

type Key = string | number | bigint

// Events without aggregate sort as name '', id '', version 0.
const KEYS: Record<SortField, (e: Event) => Key> = {
  time: (e) => e.timeNano,
  aggregateName: (e) => e.aggregate?.name ?? '',
  aggregateId: (e) => e.aggregate?.id ?? '',
  aggregateVersion: (e) => e.aggregate?.version ?? 0,
}

/**
 * Builds a comparator for a multi-key sort: the first key decides, later keys break ties.
 * Strings compare by UTF-16 code unit (not locale), times as bigints. Events without
 * aggregate sort as name `''`, id `''`, version `0`. Ties beyond the last key compare equal.
 *
 * @throws `GoesError` `INVALID_QUERY` for an unknown field or direction, or a field named twice.
 * @example
 * ```ts
 * events.sort(compareEvents([{ by: 'aggregateId', dir: 'asc' }, { by: 'aggregateVersion', dir: 'asc' }]))
 * ```
 * @public
 */
export function compareEvents(sort: readonly Sorting[]): (a: Event, b: Event) => number {
  validateSort(sort)
  const keys = sort.map((s) => KEYS[s.by])
  const signs = sort.map((s) => (s.dir === 'desc' ? -1 : 1))
  const n = keys.length
  return (a, b) => {
    for (let i = 0; i < n; i++) {
      const key = keys[i]!
      const x = key(a)
      const y = key(b)
      if (x < y) return -signs[i]!
      if (x > y) return signs[i]!
    }
    return 0
  }
}

/**
 * Returns a sorted copy of `events` (stable: events that compare equal keep their order).
 * Without `sort`, or with an empty one, the copy keeps the input order.
 *
 * @example
 * ```ts
 * const newestFirst = sortEvents(events, [{ by: 'time', dir: 'desc' }])
 * ```
 * @public
 */
export function sortEvents(events: readonly Event[], sort?: readonly Sorting[]): Event[] {
  const copy = events.slice()
  if (sort === undefined || sort.length === 0) return copy
  return copy.sort(compareEvents(sort))
}
