import type { Event } from '@goes/core'

/**
 * Splits unpublished events, sorted by aggregate and version, into runs: the consecutive
 * events of one aggregate, or a single aggregate-less event. A run is what one claim covers.
 *
 * @internal
 */
export function runsOf(events: readonly Event[]): Event[][] {
  const runs: Event[][] = []
  let current: Event[] | undefined
  for (const e of events) {
    const a = e.aggregate
    const last = current?.[current.length - 1]?.aggregate
    if (current !== undefined && a !== undefined && last !== undefined && a.name === last.name && a.id === last.id) {
      current.push(e)
    } else {
      current = [e]
      runs.push(current)
    }
  }
  return runs
}

/**
 * The lease key of a run: its aggregate, or the id of an aggregate-less event.
 *
 * @internal
 */
export function leaseKey(first: Event): string {
  const a = first.aggregate
  return a === undefined ? JSON.stringify(['e', first.id]) : JSON.stringify(['a', a.name, a.id])
}
