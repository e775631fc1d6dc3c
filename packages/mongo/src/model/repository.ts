import { GoesError, NotFoundError, type SignalOptions } from '@goes/core'
import { sleep } from '@goes/core/backend'
import type { Collection, Db } from 'mongodb'
import { driverCall, isDuplicateKey, uniqueIndexOnce } from './driver.js'
import type { ModelChange, ModelDoc, MongoModelRepositoryOptions, UseModelOptions } from './options.js'
import { decodeValue, encodeValue, type StoredValue } from './plain.js'

/**
 * Read models (plain data, one per id) on MongoDB: `fetch`, `save`, `use` and `delete`, with
 * a factory for missing models.
 *
 * Every save inserts the model's next version under a unique (id, version) index and then
 * prunes the older versions. Two writers that read the same version race on inserting the
 * next one: exactly one wins, the other reloads and (in `use`) runs its function again. So
 * concurrent `use()` calls never lose an update — without transactions and without
 * conditional updates, which are not atomic on every server (FerretDB).
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
export class MongoModelRepository<M> {
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
    const current = await this.#latest(id, options?.signal)
    return this.#modelOf(id, current)
  }

  /**
   * Stores `model` as the newest version of `id`, whatever is stored (last write wins; use
   * {@link MongoModelRepository.use} to change a model based on its stored state).
   *
   * @example
   * ```ts
   * await counts.save(listId, { open: 0 })
   * ```
   */
  async save(id: string, model: M, options?: SignalOptions): Promise<void> {
    const value = encodeValue(model, this.#options.codec)
    for (;;) {
      const current = await this.#latest(id, options?.signal)
      if (await this.#insertNext(id, current, value, options?.signal)) return
    }
  }

  /**
   * Loads the model (or a new one from the factory), runs `fn` on it and saves the result:
   * what `fn` returns, or the model `fn` changed in place. When another writer saved first,
   * `fn` runs again on the reloaded model (so keep it free of side effects), up to `attempts`
   * times; then `CONSISTENCY`. Resolves with the saved model.
   *
   * @example
   * ```ts
   * const m = await counts.use(listId, (m) => ({ ...m, open: m.open + 1 }))
   * ```
   */
  async use(id: string, fn: ModelChange<M>, options?: UseModelOptions): Promise<M> {
    const attempts = attemptsOption(options?.attempts ?? this.#options.attempts ?? 10)
    const signal = options?.signal
    for (let attempt = 1; ; attempt++) {
      const current = await this.#latest(id, signal)
      const model = this.#modelOf(id, current)
      const result = await fn(model)
      const next = result === undefined ? model : result
      if (await this.#insertNext(id, current, encodeValue(next, this.#options.codec), signal)) return next
      if (attempt >= attempts) {
        throw new GoesError(
          'CONSISTENCY',
          `MongoModelRepository.use(${JSON.stringify(id)}) lost ${attempts} times in a row to other writers of the model. ` +
            'Retry later, or pass a larger { attempts }.',
        )
      }
      await sleep(Math.random() * 5 * 2 ** Math.min(attempt - 1, 6), signal, 'MongoModelRepository.use()')
    }
  }

  /**
   * Deletes the model: `fetch` then finds none (or a new one from the factory). Deleting a
   * model that is not stored is fine. A small marker document stays, so a `use()` that read
   * the model before the delete cannot save its stale result over it unnoticed.
   *
   * @example
   * ```ts
   * await counts.delete(listId)
   * ```
   */
  async delete(id: string, options?: SignalOptions): Promise<void> {
    for (;;) {
      const current = await this.#latest(id, options?.signal)
      if (current === null || current.d === true) return
      if (await this.#insertNext(id, current, { d: true }, options?.signal)) return
    }
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

  // Inserts the version after `current`; false when another writer inserted it first.
  async #insertNext(
    id: string,
    current: ModelDoc | null,
    value: StoredValue | { d: true },
    signal: AbortSignal | undefined,
  ): Promise<boolean> {
    const v = (current?.v ?? 0) + 1
    try {
      await driverCall('Saving a model', signal, () =>
        this.#collection.insertOne({ m: id, v, t: new Date(), ...value }),
      )
    } catch (err) {
      if (isDuplicateKey(err)) return false
      throw err
    }
    // Older versions are never read again. A failed prune leaves them for the next save.
    await this.#collection.deleteMany({ m: id, v: { $lt: v } }).catch(() => undefined)
    return true
  }
}

function assertModelId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || id.length === 0) {
    throw new GoesError(
      'INVALID_OPTION',
      `A model id must be a non-empty string, got ${typeof id === 'string' ? 'an empty string' : typeof id}. Pass the id the model belongs to, e.g. an aggregate id.`,
    )
  }
}

function attemptsOption(n: unknown): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) {
    throw new GoesError(
      'INVALID_OPTION',
      `The option \`attempts\` must be an integer ≥ 1, got ${String(n)}. Pass how often use() may try, e.g. 10.`,
    )
  }
  return n
}
