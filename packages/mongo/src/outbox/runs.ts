import type { Event } from '@goes/core'

/**
 * Splits unpublished events, sorted by aggregate and version, into runs: the consecutive
 * events of one aggregate, or a single aggregate-less event. A run is what one lease covers.
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
 * The lease key of an event's run: its aggregate, or the event itself when it has none.
 *
 * @internal
 */
export function leaseKey(e: Event): string {
  const a = e.aggregate
  return a === undefined ? JSON.stringify(['e', e.id]) : JSON.stringify(['a', a.name, a.id])
}
