// Event fixtures shared by the benchmarks: realistic events (three names, small data, an
// aggregate with consecutive versions, increasing times), made once per process and reused by
// every round so event creation is never timed.
import { type Event, newEvent, nowNano, uuid } from '../src/index.js'

/** The names the fixture events cycle through. */
export const NAMES = ['bench.item_added', 'bench.item_renamed', 'bench.item_removed'] as const

/**
 * Makes `count` events: aggregates of `perAggregate` events each (versions 1..perAggregate),
 * names cycling through {@link NAMES}, times 1 µs apart and ending now.
 */
export function makeEvents(count: number, perAggregate = 100): Event[] {
  const events: Event[] = new Array(count)
  const start = nowNano() - BigInt(count) * 1000n
  let aggregateId = ''
  for (let i = 0; i < count; i++) {
    if (i % perAggregate === 0) aggregateId = uuid()
    events[i] = newEvent(
      NAMES[i % NAMES.length] as string,
      { n: i, title: `item ${i}` },
      {
        aggregate: { name: 'bench.list', id: aggregateId, version: (i % perAggregate) + 1 },
        time: start + BigInt(i) * 1000n,
      },
    )
  }
  return events
}
