import type { Collection, IndexDescription } from 'mongodb'
import { CORE_INDEX, type EventDoc } from '../internal/schema.js'

/**
 * An optional index of the events collection, for a query shape the core indexes do not serve:
 *
 * - `'time'`: `{ time: 1 }` — queries filtered or sorted by time (catch-up of projections).
 * - `'name'`: `{ name: 1, time: 1 }` — queries by event name, in time order.
 * - `'aggregateTime'`: `{ aggregateName: 1, time: 1 }` — all aggregates of a name, in time order.
 * - `'aggregateId'`: `{ aggregateId: 1, aggregateVersion: 1 }` — queries by aggregate id alone.
 *
 * The core indexes are always there: the unique, sparse `{ aggregateName, aggregateId,
 * aggregateVersion }` (fetching an aggregate, and what makes appends conflict; events without
 * aggregate lack all three fields, so it does not hold them), `{ batch }` (the batch lookups of
 * the visibility rule) and, with an outbox, `{ unpublished, aggregateName, aggregateId,
 * aggregateVersion }`. None of them uses `partialFilterExpression`.
 *
 * @example
 * ```ts
 * new MongoStore(db, { indices: ['time', 'name'] })
 * ```
 * @public
 */
export type MongoStoreIndex = 'time' | 'name' | 'aggregateTime' | 'aggregateId'

const OPTIONAL: Record<MongoStoreIndex, IndexDescription> = {
  time: { key: { time: 1 }, name: 'goes_time' },
  name: { key: { name: 1, time: 1 }, name: 'goes_name_time' },
  aggregateTime: { key: { aggregateName: 1, time: 1 }, name: 'goes_aggregate_time' },
  aggregateId: { key: { aggregateId: 1, aggregateVersion: 1 }, name: 'goes_aggregate_id' },
}

/** The names {@link MongoStoreIndex} accepts. @internal */
export const INDEX_NAMES: readonly string[] = Object.keys(OPTIONAL)

/** The indexes a store with these options has. @internal */
export function indexesFor(indices: readonly MongoStoreIndex[], outbox: boolean): IndexDescription[] {
  const out: IndexDescription[] = [
    {
      key: { aggregateName: 1, aggregateId: 1, aggregateVersion: 1 },
      name: CORE_INDEX.aggregate,
      unique: true,
      sparse: true,
    },
    { key: { batch: 1 }, name: CORE_INDEX.batch },
  ]
  if (outbox) {
    out.push({
      key: { unpublished: 1, aggregateName: 1, aggregateId: 1, aggregateVersion: 1 },
      name: CORE_INDEX.unpublished,
    })
  }
  for (const name of new Set(indices)) out.push(OPTIONAL[name])
  return out
}

/**
 * Creates the indexes (idempotent: existing ones with the same spec are kept), one command
 * each: FerretDB drops the connection on one `createIndexes` of several existing indexes.
 *
 * @internal
 */
export async function createIndexes(collection: Collection<EventDoc>, indexes: IndexDescription[]): Promise<void> {
  for (const { key, ...options } of indexes) await collection.createIndex(key, options)
}
