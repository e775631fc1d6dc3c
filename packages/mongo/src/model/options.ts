import type { Codec, ModelRepositoryOptions } from '@goes/core'
import type { ObjectId } from 'mongodb'

// The read-model contract's types live in @goes/core; they are re-exported here so imports
// from @goes/mongo keep working.
export type { ModelChange, ModelFactory, UseModelOptions } from '@goes/core'

/**
 * Options of {@link MongoModelRepository}.
 *
 * @example
 * ```ts
 * new MongoModelRepository<TaskCount>(db, { collection: 'task_counts', factory: (id) => ({ id, open: 0 }) })
 * ```
 * @public
 */
export interface MongoModelRepositoryOptions<M> extends ModelRepositoryOptions<M> {
  /** The collection that holds the models (default `goes_models`). */
  readonly collection?: string
  /**
   * Encodes every model to bytes (stored as binary). Without it a model is stored as a BSON
   * value, readable in Compass, when the server keeps it unchanged, else as JSON bytes.
   */
  readonly codec?: Codec
}

/** One stored version of a model. @internal */
export interface ModelDoc {
  _id?: ObjectId
  /** Model id. */
  m: string
  /** Version: 1, 2, … — unique per model id. */
  v: number
  /** When this version was saved. */
  t: Date
  /** The ids of the versions this one was built on, newest first (a few; see versions.ts). */
  a?: ObjectId[]
  /** Set on the version that deleted the model. */
  d?: true
  s?: unknown
  j?: unknown
}
