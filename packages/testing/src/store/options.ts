import type { EventStore } from '@goes/core'
import type { SuiteOptions } from '../case.js'

/**
 * Options of the event store suite. The counts are scale knobs: a slow real server can run
 * smaller numbers; the defaults suit an in-process store.
 *
 * @example
 * ```ts
 * runEventStoreSuite('mongo', factory, { streamEvents: 20_000, randomQueries: 50, cleanup: (s) => s.drop() })
 * ```
 * @public
 */
export interface EventStoreSuiteOptions extends SuiteOptions<EventStore> {
  /** Seed of the generated events and queries; the same seed gives the same data shape (default 0x90e5). */
  readonly seed?: number
  /** Events of the generated data set every query case runs against (default 300, at least 100). */
  readonly queryEvents?: number
  /** Random queries of the property case (default 200). */
  readonly randomQueries?: number
  /** Parallel operations of the concurrency cases (default 24, at least 4). */
  readonly concurrency?: number
  /** Events the streaming case inserts and then streams (default 200 000). */
  readonly streamEvents?: number
  /** Bytes of data per streamed event (default 1024). */
  readonly streamDataBytes?: number
  /** Batch size for inserting many events (default 1000). */
  readonly insertBatch?: number
}

/** Options with every default applied. @internal */
export interface StoreOptions extends EventStoreSuiteOptions {
  readonly seed: number
  readonly queryEvents: number
  readonly randomQueries: number
  readonly concurrency: number
  readonly streamEvents: number
  readonly streamDataBytes: number
  readonly insertBatch: number
}

/** Applies the defaults. @internal */
export function resolveStoreOptions(o: EventStoreSuiteOptions = {}): StoreOptions {
  return {
    ...o,
    seed: o.seed ?? 0x90e5,
    queryEvents: Math.max(100, o.queryEvents ?? 300),
    randomQueries: o.randomQueries ?? 200,
    concurrency: Math.max(4, o.concurrency ?? 24),
    streamEvents: o.streamEvents ?? 200_000,
    streamDataBytes: o.streamDataBytes ?? 1024,
    insertBatch: Math.max(1, o.insertBatch ?? 1000),
  }
}
