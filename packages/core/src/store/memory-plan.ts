import type { Event } from '../event/event.js'
import type { Query } from '../query/types.js'
import { collectVersions, type MemorySnapshot, type Versions } from './memory-state.js'

/**
 * The events an index narrows `q` down to, or undefined when a full scan is the better plan.
 * Only refs are gathered (never copies), and only when the index selects at most half of the
 * store: a wide selection streams lazily from the snapshot instead. The matcher still runs
 * over the result, so a candidate list may be a superset.
 *
 * @internal
 */
export function candidates(q: Query | undefined, s: MemorySnapshot): Event[] | undefined {
  if (q === undefined) return undefined
  if (q.ids !== undefined) return byIds(q.ids, s)
  const groups = aggregateGroups(q, s)
  if (groups === undefined) return undefined
  let count = 0
  for (const g of groups) count += g.count
  if (count * 2 > s.length) return undefined
  const out: Event[] = []
  for (const g of groups) collectVersions(g, out)
  return out
}

function byIds(ids: readonly string[], s: MemorySnapshot): Event[] {
  const out: Event[] = []
  const seen = ids.length > 1 ? new Set<string>() : undefined
  for (const id of ids) {
    if (seen !== undefined) {
      if (seen.has(id)) continue
      seen.add(id)
    }
    const at = s.ids.find(id, s.log)
    if (at !== -1) out.push(s.log.at(at)!)
  }
  return out
}

/** The version maps (one per aggregate) the aggregate filters of `q` can touch; a Set dedupes. */
function aggregateGroups(q: Query, s: MemorySnapshot): Set<Versions> | undefined {
  const index = s.byAggregate
  const groups = new Set<Versions>()
  const addAll = (name: string) => {
    const ids = index.get(name)
    if (ids !== undefined) for (const v of ids.values()) groups.add(v)
  }
  const addOne = (name: string, id: string) => {
    const v = index.get(name)?.get(id)
    if (v !== undefined) groups.add(v)
  }
  if (q.aggregates !== undefined) {
    for (const f of q.aggregates) {
      if (f.id === undefined) addAll(f.name)
      else addOne(f.name, f.id)
    }
  } else if (q.aggregateNames !== undefined && q.aggregateIds !== undefined) {
    for (const name of q.aggregateNames) for (const id of q.aggregateIds) addOne(name, id)
  } else if (q.aggregateNames !== undefined) {
    for (const name of q.aggregateNames) addAll(name)
  } else if (q.aggregateIds !== undefined) {
    for (const name of index.keys()) for (const id of q.aggregateIds) addOne(name, id)
  } else return undefined
  return groups
}
