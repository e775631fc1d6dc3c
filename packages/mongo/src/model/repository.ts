import {
  ConsistencyError,
  type ModelChange,
  type ModelRepository,
  type ModelWriteOptions,
  NotFoundError,
  type SignalOptions,
  type UseModelOptions,
  type VersionedModel,
} from '@goes/core'
import { assertModelId, attemptsOption, expectedVersionOption, useModel } from '@goes/core/backend'
import type { Collection, Db } from 'mongodb'
import { driverCall, uniqueIndexOnce } from './driver.js'
import type { ModelDoc, MongoModelRepositoryOptions } from './options.js'
import { decodeValue, encodeValue, type StoredValue } from './plain.js'
import { insertVersion } from './versions.js'

/**
 * Read models (plain data, one per id) on MongoDB: core's `ModelRepository` contract —
 * `fetch`, `fetchVersioned`, `save` and `delete` (both with an optional `expectedVersion`) and
 * `use` — with a factory for missing models. Passes the model-repository conformance suite.
 *
 * Every save inserts the model's next version under a unique (id, version) index and then
 * prunes the older versions. Two writers that read the same version race on inserting the
 * next one: exactly one wins, the other reloads and (in `use`) runs its function again. A
 * writer so late that the version it inserts was already pruned finds out right after its
 * insert (each version names the ones it was built on) and loses too. So concurrent `use()`
 * calls never lose an update — without transactions and without conditional updates, which
 * are not atomic on every server (FerretDB).
 *
 * @example
 * ```ts
 * type TaskCount = { open: number }
 * const counts = new MongoModelRepository<TaskCount>(db, { factory: () => ({ open: 0 }) })
 * await counts.use(listId, (m) => void m.open++) // increments, whoever else is writing
 * const { open } = await counts.fetch(listId)
 * ```
 * @public
 */
export class MongoModelRepository<M> implements ModelRepository<M> {
  readonly #collection: Collection<ModelDoc>
  readonly #options: MongoModelRepositoryOptions<M>
  readonly #ready: (signal: AbortSignal | undefined) => Promise<void>

  constructor(db: Db, options: MongoModelRepositoryOptions<M> = {}) {
    if (options.attempts !== undefined) attemptsOption(options.attempts)
    this.#options = options
    this.#collection = db.collection<ModelDoc>(options.collection ?? 'goes_models')
    this.#ready = uniqueIndexOnce(this.#collection, { m: 1, v: -1 }, 'goes_model_version')
  }

  /** The collection holding the models. */
  get collection(): Collection<ModelDoc> {
    return this.#collection
  }

  /**
   * The stored model, or a new one from the factory; `NOT_FOUND` without a factory.
   *
   * @example
   * ```ts
   * const m = await counts.fetch(listId)
   * ```
   */
  async fetch(id: string, options?: SignalOptions): Promise<M> {
    return (await this.fetchVersioned(id, options)).model
  }

  /**
   * Like {@link MongoModelRepository.fetch}, with the stored version (0 when nothing was ever
   * stored; a deleted model keeps the version of its delete).
   *
   * @example
   * ```ts
   * const { model, version } = await counts.fetchVersioned(listId)
   * await counts.save(listId, { ...model, open: model.open + 1 }, { expectedVersion: version })
   * ```
   */
  async fetchVersioned(id: string, options?: SignalOptions): Promise<VersionedModel<M>> {
    const current = await this.#latest(id, options?.signal)
    return { model: this.#modelOf(id, current), version: current?.v ?? 0 }
  }

  /**
   * Stores `model` as the newest version of `id` and resolves with that version. With
   * `expectedVersion`, rejects with `CONSISTENCY` (storing nothing) unless that is the stored
   * version; without it, the last write wins (use {@link MongoModelRepository.use} to change a
   * model based on its stored state).
   *
   * @example
   * ```ts
   * await counts.save(listId, { open: 0 })
   * await counts.save(listId, { open: 0 }, { expectedVersion: 0 }) // only if never stored
   * ```
   */
  async save(id: string, model: M, options?: ModelWriteOptions): Promise<number> {
    const expected = expectedVersionOption(options?.expectedVersion)
    return this.#write(id, encodeValue(model, this.#options.codec), expected, options?.signal, 'save')
  }

  /**
   * Loads the model (or a new one from the factory), runs `fn` on it and saves the result
   * based on the version read: what `fn` returns, or the model `fn` changed in place. When
   * another writer saved first, `fn` runs again on the reloaded model (so keep it free of side
   * effects), up to `attempts` times; then `CONSISTENCY`. Resolves with the saved model.
   *
   * @example
   * ```ts
   * const m = await counts.use(listId, (m) => ({ ...m, open: m.open + 1 }))
   * ```
   */
  use(id: string, fn: ModelChange<M>, options?: UseModelOptions): Promise<M> {
    return useModel(this, id, fn, {
      ...options,
      attempts: options?.attempts ?? this.#options.attempts ?? 10,
      name: 'MongoModelRepository',
    })
  }

  /**
   * Deletes the model: `fetch` then finds none (or a new one from the factory). Resolves with
   * the version afterwards; deleting a model that is not stored is fine and changes nothing. A
   * small marker document stays, so a writer that read the model before the delete no longer
   * matches its version. `expectedVersion` works as for `save`.
   *
   * @example
   * ```ts
   * await counts.delete(listId)
   * await counts.delete(otherId, { expectedVersion: 4 }) // only if nobody changed it since version 4
   * ```
   */
  async delete(id: string, options?: ModelWriteOptions): Promise<number> {
    const expected = expectedVersionOption(options?.expectedVersion)
    return this.#write(id, { d: true }, expected, options?.signal, 'delete')
  }

  #modelOf(id: string, current: ModelDoc | null): M {
    if (current !== null && current.d !== true) {
      return decodeValue(current as StoredValue, this.#options.codec, `model ${JSON.stringify(id)}`) as M
    }
    const factory = this.#options.factory
    if (factory === undefined) {
      throw new NotFoundError(
        `No model ${JSON.stringify(id)} is stored in ${this.#collection.collectionName}. Save it first, or pass a factory.`,
      )
    }
    return factory(id)
  }

  async #latest(id: string, signal: AbortSignal | undefined): Promise<ModelDoc | null> {
    assertModelId(id)
    await this.#ready(signal)
    return driverCall('Reading a model', signal, () => this.#collection.findOne({ m: id }, { sort: { v: -1 }, signal }))
  }

  // Inserts the next version (a model, or the marker of a delete) based on the stored one, until
  // it is in; with an expected version, only on that one.
  async #write(
    id: string,
    value: StoredValue | { d: true },
    expected: number | undefined,
    signal: AbortSignal | undefined,
    method: 'save' | 'delete',
  ): Promise<number> {
    for (;;) {
      const current = await this.#latest(id, signal)
      const stored = current?.v ?? 0
      if (expected !== undefined && expected !== stored) throw this.#conflict(id, method, expected, stored)
      if ('d' in value && (current === null || current.d === true)) return stored // nothing to delete
      const v = await insertVersion(this.#collection, id, current, value, signal)
      if (v !== undefined) return v
      if (expected !== undefined) throw this.#conflict(id, method, expected, undefined)
    }
  }

  #conflict(id: string, method: string, expected: number, stored: number | undefined): ConsistencyError {
    const found = stored === undefined ? 'another writer saved it first' : `version ${stored} is stored`
    return new ConsistencyError(
      `MongoModelRepository.${method}(${JSON.stringify(id)}) expected version ${expected}, but ${found}. ` +
        'Fetch the model again and redo the change (use() does that for you).',
    )
  }
}
