import { ConsistencyError, GoesError } from '../errors/errors.js'
import type { Event } from '../event/event.js'
import { assertEvent } from '../event/factory.js'
import {
  addVersion,
  ORDERED,
  STRICT,
  type StoreData,
  type TimeOrder,
  UNORDERED,
  unindexAggregate,
  type Versions,
  versionAt,
} from './memory-state.js'

const FIX = 'Nothing of the batch was stored.'

/**
 * Inserts a batch into `data`, all or nothing, in one synchronous pass: each event is checked,
 * appended and entered into the id and aggregate indexes at once, so a duplicate — against the
 * store or earlier in the batch — costs one lookup. On the first problem everything this batch
 * added is taken out again, newest first, and the typed error is thrown. Nothing can observe
 * the half-done state: the pass never awaits, and a running query only reads the events below
 * the length its snapshot recorded.
 *
 * @internal
 */
export function insertInto(data: StoreData, events: readonly Event[]): void {
  if (!Array.isArray(events)) {
    throw new GoesError('INVALID_EVENT', 'insert() takes an array of events; wrap a single event as [event].')
  }
  const { ids, byAggregate, log } = data
  const base = log.length
  const n = events.length
  let added = 0 // events[0, added) are appended and in the id index
  let aggs = 0 // events[0, aggs) are in the aggregate index (those with an aggregate)
  let order: TimeOrder = base === 0 ? STRICT : data.timeOrder
  let last = data.lastTime
  // Batches usually hold one aggregate's events: keep the last one's version map at hand.
  let lastName: string | undefined
  let lastId: string | undefined
  let versions: Versions | undefined
  try {
    for (let i = 0; i < n; i++) {
      const e = events[i]!
      assertEvent(e) // at once for events from newEvent(); else cheap for names and ids seen before
      log.push(e)
      const existing = ids.add(log, base + i)
      if (existing !== -1) {
        log.truncate(base + i)
        throw duplicateId(e, existing >= base)
      }
      added = i + 1
      const a = e.aggregate
      if (a !== undefined) {
        if (a.id !== lastId || a.name !== lastName) {
          let byAggId = byAggregate.get(a.name)
          if (byAggId === undefined) byAggregate.set(a.name, (byAggId = new Map()))
          versions = byAggId.get(a.id)
          if (versions === undefined) byAggId.set(a.id, (versions = { dense: [], far: undefined, count: 0 }))
          lastName = a.name
          lastId = a.id
        }
        const taken = versionAt(versions!, a.version)
        if (taken !== undefined) throw duplicateVersion(e, i > 0 && events.lastIndexOf(taken, i - 1) !== -1)
        addVersion(versions!, a.version, e)
      }
      aggs = i + 1
      const t = e.timeNano
      // One bigint compare in the usual case (times increase).
      if (t <= last && base + i > 0 && order !== UNORDERED) order = t < last ? UNORDERED : ORDERED
      last = t
    }
  } catch (err) {
    for (let j = aggs - 1; j >= 0; j--) unindexAggregate(byAggregate, events[j]!)
    for (let j = added - 1; j >= 0; j--) ids.removeLast(base + j)
    log.truncate(base)
    throw err
  }
  data.timeOrder = order
  data.lastTime = last
}

function duplicateId(e: Event, inBatch: boolean): ConsistencyError {
  return new ConsistencyError(
    inBatch
      ? `Event id "${e.id}" (${e.name}) appears twice in the batch. ${FIX} Give every event its own id (newEvent() does).`
      : `Event id "${e.id}" (${e.name}) is already stored. ${FIX} Give every event a new id (newEvent() does).`,
  )
}

function duplicateVersion(e: Event, inBatch: boolean): ConsistencyError {
  const a = e.aggregate!
  return new ConsistencyError(
    inBatch
      ? `Aggregate ${a.name} "${a.id}" gets version ${a.version} twice in the batch. ${FIX} Number an aggregate's new events one apart.`
      : `Aggregate ${a.name} "${a.id}" already has version ${a.version}. ${FIX} Re-read the aggregate and retry with its next version.`,
  )
}
