import type { SignalOptions } from '../stream/signal.js'

/**
 * Creates the model for an id that has none stored (or was deleted). Return a new object on
 * every call: `use()` may change it in place.
 *
 * @example
 * ```ts
 * const factory: ModelFactory<TaskCount> = (id) => ({ id, open: 0, done: 0 })
 * ```
 * @public
 */
export type ModelFactory<M> = (id: string) => M

/**
 * What {@link ModelRepository.use} runs on a model: change it in place and return nothing, or
 * return the new model. May be async; may run more than once (after lost races), so keep it
 * free of side effects.
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
 * A model as stored, with its version: 0 when nothing was ever stored under the id; every save
 * and every delete of a stored model increases it.
 *
 * @example
 * ```ts
 * const { model, version } = await counts.fetchVersioned(listId)
 * await counts.save(listId, { ...model, open: model.open + 1 }, { expectedVersion: version })
 * ```
 * @public
 */
export interface VersionedModel<M> {
  readonly model: M
  readonly version: number
}

/**
 * Options of {@link ModelRepository.save} and {@link ModelRepository.delete}.
 *
 * @example
 * ```ts
 * await counts.save(listId, model, { expectedVersion: 3, signal: AbortSignal.timeout(5_000) })
 * ```
 * @public
 */
export interface ModelWriteOptions extends SignalOptions {
  /**
   * The version the write is based on (from {@link ModelRepository.fetchVersioned}; 0 for a
   * model never stored). When another version is stored, the write rejects with `CONSISTENCY`
   * and stores nothing. Without it, the last write wins.
   */
  readonly expectedVersion?: number
}

/**
 * Options of {@link ModelRepository.use}.
 *
 * @example
 * ```ts
 * await counts.use(listId, (m) => void m.open++, { attempts: 20, signal: AbortSignal.timeout(5_000) })
 * ```
 * @public
 */
export interface UseModelOptions extends SignalOptions {
  /** How often `use()` tries in total when other writers keep winning (default: the repository's, 10). */
  readonly attempts?: number
}

/**
 * Options every model repository takes.
 *
 * @example
 * ```ts
 * const options: ModelRepositoryOptions<TaskCount> = { factory: () => ({ open: 0 }), attempts: 20 }
 * ```
 * @public
 */
export interface ModelRepositoryOptions<M> {
  /** Creates missing models for `fetch`, `fetchVersioned` and `use`; without it they reject with `NOT_FOUND`. */
  readonly factory?: ModelFactory<M>
  /** How often `use()` tries in total when other writers keep winning (default 10, at least 1). */
  readonly attempts?: number
}

/**
 * The read-model contract: plain data, one model per id, kept by projections, lookups and
 * apps. `MemoryModelRepository` is the embedded one; backends implement these five methods
 * and prove themselves with `runModelRepositorySuite` of `@goes/testing`.
 *
 * - Ids are non-empty strings. Models are plain data: the repository stores a copy, and a
 *   fetched model is the caller's to change — nothing is stored until it is saved.
 * - Every model has a version: 0 when nothing was ever stored, increased by every save and by
 *   every delete of a stored model. A delete leaves a marker, so a writer that read the model
 *   before the delete no longer matches the version.
 * - Missing (or deleted) models come from the factory; without one, reads reject with `NOT_FOUND`.
 * - A write with an `expectedVersion` that is not the stored version rejects with
 *   `CONSISTENCY` (`isConsistencyError`) and stores nothing.
 * - `use()` never loses an update: on a conflict it reloads and runs its function again.
 * - A bad id or option rejects with `INVALID_OPTION`; an aborted signal with `ABORTED`.
 *
 * @example
 * ```ts
 * const counts: ModelRepository<TaskCount> = new MemoryModelRepository({ factory: () => ({ open: 0 }) })
 * await counts.use(listId, (m) => void m.open++)
 * ```
 * @public
 */
export interface ModelRepository<M> {
  /** The stored model, or the factory's for an id with none stored; `NOT_FOUND` without a factory. */
  fetch(id: string, options?: SignalOptions): Promise<M>
  /** Like `fetch`, with the stored version (0 when nothing was ever stored). */
  fetchVersioned(id: string, options?: SignalOptions): Promise<VersionedModel<M>>
  /** Stores `model` as the newest version of `id`; resolves with that version. */
  save(id: string, model: M, options?: ModelWriteOptions): Promise<number>
  /**
   * Deletes the model (`fetch` then finds none); resolves with the version afterwards. Deleting
   * what is not stored is fine and changes nothing.
   */
  delete(id: string, options?: ModelWriteOptions): Promise<number>
  /**
   * Fetches the model (or the factory's), runs `fn` on it and saves the result based on the
   * version read; on a conflict reloads and runs `fn` again, up to `attempts` times, then
   * `CONSISTENCY`. Resolves with the saved model.
   */
  use(id: string, fn: ModelChange<M>, options?: UseModelOptions): Promise<M>
}
