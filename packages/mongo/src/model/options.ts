import type { Codec, SignalOptions } from '@goes/core'

/**
 * Creates the model for an id that has none stored (or was deleted).
 *
 * @example
 * ```ts
 * const factory: ModelFactory<TaskCount> = (id) => ({ id, open: 0, done: 0 })
 * ```
 * @public
 */
export type ModelFactory<M> = (id: string) => M

/**
 * What {@link MongoModelRepository.use} runs on a model: change it in place and return
 * nothing, or return the new model. May be async; may run more than once (after lost races).
 *
 * @example
 * ```ts
 * const open: ModelChange<TaskCount> = (m) => void m.open++
 * ```
 * @public
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a function that changes the model in place returns nothing (void), not undefined
export type ModelChange<M> = (model: M) => M | void | Promise<M | void>

/**
 * Options of {@link MongoModelRepository}.
 *
 * @example
 * ```ts
 * new MongoModelRepository<TaskCount>(db, { collection: 'task_counts', factory: (id) => ({ id, open: 0 }) })
 * ```
 * @public
 */
export interface MongoModelRepositoryOptions<M> {
  /** The collection that holds the models (default `goes_models`). */
  readonly collection?: string
  /** Creates missing models for `fetch` and `use`; without it they reject with `NOT_FOUND`. */
  readonly factory?: ModelFactory<M>
  /**
   * Encodes every model to bytes (stored as binary). Without it a model is stored as a BSON
   * value, readable in Compass, when the server keeps it unchanged, else as JSON bytes.
   */
  readonly codec?: Codec
  /** How often `use()` tries in total when other writers keep winning (default 10, at least 1). */
  readonly attempts?: number
}

/**
 * Options of {@link MongoModelRepository.use}.
 *
 * @example
 * ```ts
 * await counts.use(id, (m) => void m.open++, { signal: AbortSignal.timeout(5_000) })
 * ```
 * @public
 */
export interface UseModelOptions extends SignalOptions {
  /** Overrides the repository's `attempts` for this call. */
  readonly attempts?: number
}

/** One stored version of a model. @internal */
export interface ModelDoc {
  /** Model id. */
  m: string
  /** Version: 1, 2, … — unique per model id. */
  v: number
  /** When this version was saved. */
  t: Date
  /** Set on the version that deleted the model. */
  d?: true
  s?: unknown
  j?: unknown
}
