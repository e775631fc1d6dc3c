import type { SignalOptions } from '../stream/signal.js'

/**
 * The state of one aggregate at one version, as its `Snapshotter.snapshot()` returned it.
 * Fetching starts from the latest snapshot and applies only the events after `version`.
 *
 * @example
 * ```ts
 * const s: Snapshot = { aggregateName: 'todo.list', aggregateId: id, version: 50, time: new Date(), state: list.snapshot() }
 * ```
 * @public
 */
export interface Snapshot<State = unknown> {
  readonly aggregateName: string
  readonly aggregateId: string
  /** The aggregate version the state belongs to (≥ 1). */
  readonly version: number
  /** When the snapshot was taken. */
  readonly time: Date
  /**
   * The aggregate's state: plain data. The in-memory store keeps a structured clone; a backend
   * encodes it with a codec, so keep it to what that codec supports (JSON-like data is safest).
   */
  readonly state: State
}

/**
 * Options of {@link SnapshotStore.latest}.
 *
 * @example
 * ```ts
 * await snapshots.latest('todo.list', id, { maxVersion: 120 }) // the newest at or below version 120
 * ```
 * @public
 */
export interface LatestSnapshotOptions extends SignalOptions {
  /** Only snapshots at or below this version count (an integer ≥ 0). */
  readonly maxVersion?: number
}

/**
 * Options of {@link SnapshotStore.cleanup}.
 *
 * @example
 * ```ts
 * await snapshots.cleanup('todo.list', id, { keepLatest: 2 })
 * ```
 * @public
 */
export interface CleanupSnapshotOptions extends SignalOptions {
  /** How many of the newest snapshots survive (an integer ≥ 0; 0 removes them all). */
  readonly keepLatest: number
}

/**
 * The snapshot store contract (FEATURES A4). A backend implements these four methods and
 * proves itself by passing the snapshot conformance suite of `@goes/testing`
 * (`runSnapshotStoreSuite`).
 *
 * - Snapshots are keyed by (aggregate name, aggregate id, version); saving a version that is
 *   already stored replaces it.
 * - An aggregate without snapshots is not an error: `latest` resolves with `undefined`.
 * - Invalid input rejects with a typed error: `INVALID_NAME`, `INVALID_UUID`, `NIL_UUID`,
 *   `INVALID_VERSION`, `INVALID_TIME`, `INVALID_OPTION`; an aborted signal with `ABORTED`.
 *
 * @example
 * ```ts
 * await snapshots.save({ aggregateName: 'todo.list', aggregateId: id, version: 10, time: new Date(), state })
 * const s = await snapshots.latest('todo.list', id) // version 10
 * ```
 * @public
 */
export interface SnapshotStore {
  /** Stores a snapshot, replacing one of the same aggregate and version. */
  save(snapshot: Snapshot, options?: SignalOptions): Promise<void>
  /** The snapshot with the highest version (at or below `maxVersion`), or `undefined` when there is none. */
  latest(aggregateName: string, aggregateId: string, options?: LatestSnapshotOptions): Promise<Snapshot | undefined>
  /** Removes every snapshot of the aggregate; an aggregate without snapshots is fine. */
  delete(aggregateName: string, aggregateId: string, options?: SignalOptions): Promise<void>
  /** Removes all but the `keepLatest` newest snapshots of the aggregate. */
  cleanup(aggregateName: string, aggregateId: string, options: CleanupSnapshotOptions): Promise<void>
}
