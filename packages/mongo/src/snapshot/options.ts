import type { Codec } from '@goes/core'

/**
 * Options of {@link MongoSnapshotStore}.
 *
 * @example
 * ```ts
 * new MongoSnapshotStore(client.db('todo'), { collection: 'todo_snapshots' })
 * ```
 * @public
 */
export interface MongoSnapshotStoreOptions {
  /** The collection that holds the snapshots (default `goes_snapshots`). */
  readonly collection?: string
  /**
   * Encodes every state to bytes (stored as binary). Without it a state is stored as a BSON
   * value, readable in MongoDB Compass, when both MongoDB and FerretDB keep it unchanged, and
   * as JSON bytes otherwise (keys with `$` or `.`, arrays inside arrays, …).
   */
  readonly codec?: Codec
}

/** The snapshot document. @internal */
export interface SnapshotDoc {
  /** Aggregate name. */
  n: string
  /** Aggregate id (BSON UUID). */
  i: unknown
  /** Version. */
  v: number
  /** Time the snapshot was taken. */
  t: Date
  /** State as a BSON value, or … */
  s?: unknown
  /** … state as codec bytes. */
  j?: unknown
}
