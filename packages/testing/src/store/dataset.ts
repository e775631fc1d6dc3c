import { type Event, type EventStore, newEvent, uuid } from '@goes/core'
import { Random } from '../util/random.js'
import { insertInBatches } from './helpers.js'

/** Generated events and the values they were drawn from, for building queries. @internal */
export interface Dataset {
  readonly rng: Random
  readonly events: readonly Event[]
  readonly names: readonly string[]
  readonly aggregateNames: readonly string[]
  /** Every aggregate (name, id) used. */
  readonly aggregates: readonly { readonly name: string; readonly id: string }[]
  /** Every distinct time, ascending. */
  readonly times: readonly bigint[]
  /** Every distinct version, ascending. */
  readonly versions: readonly number[]
}

export const NAMES = ['test.alpha', 'test.beta', 'test.gamma', 'test.delta', 'test.epsilon']
export const AGGREGATE_NAMES = ['agg.one', 'agg.two', 'agg.three']
const IDS_PER_AGGREGATE_NAME = 4
const BASE_TIME = 1_700_000_000_000_000_000n

/**
 * Generates `count` events from `seed`: five names, twelve aggregates (three names × four ids)
 * with gap-free or gapped versions, about 15 % of events without aggregate, and times drawn
 * from few millisecond slots plus 0–2 ns, so many events share a time (ties) and some differ by
 * a single nanosecond. The insertion order is shuffled, so a store that ignores a sort is caught.
 *
 * @internal
 */
export function generateDataset(seed: number, count: number): Dataset {
  const rng = new Random(seed)
  const aggregates = AGGREGATE_NAMES.flatMap((name) =>
    Array.from({ length: IDS_PER_AGGREGATE_NAME }, () => ({ name, id: rng.uuid() })),
  )
  const versions = new Map<string, number>()
  const slots = Math.max(10, Math.floor(count / 5))
  const events: Event[] = []
  for (let i = 0; i < count; i++) {
    const time = BASE_TIME + BigInt(rng.int(slots)) * 1_000_000n + BigInt(rng.int(3))
    const data = { i, pick: rng.pick(['red', 'green', 'blue']), nested: { n: rng.int(1000), list: [i % 7, 'x'] } }
    let aggregate: { name: string; id: string; version: number } | undefined
    if (!rng.chance(0.15)) {
      const a = rng.pick(aggregates)
      const key = `${a.name}/${a.id}`
      // Sometimes skip a version, so versions are not always dense.
      const version = (versions.get(key) ?? 0) + (rng.chance(0.2) ? 2 : 1)
      versions.set(key, version)
      aggregate = { name: a.name, id: a.id, version }
    }
    // Ids come from uuid(), not the seed: a store that outlives a run never sees a repeated id.
    events.push(newEvent(rng.pick(NAMES), data, { id: uuid(), time, ...(aggregate ? { aggregate } : {}) }))
  }
  const times = [...new Set(events.map((e) => e.timeNano))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const vs = [...new Set(events.flatMap((e) => (e.aggregate ? [e.aggregate.version] : [])))].sort((a, b) => a - b)
  return {
    rng,
    events: rng.shuffle(events),
    names: NAMES,
    aggregateNames: AGGREGATE_NAMES,
    aggregates,
    times,
    versions: vs,
  }
}

/** Generates the data set of the options and inserts it in batches of 50. @internal */
export async function insertDataset(store: EventStore, seed: number, count: number): Promise<Dataset> {
  const ds = generateDataset(seed, count)
  await insertInBatches(store, ds.events, 50)
  return ds
}
