import { abortError, ConsistencyError, GoesError, NotFoundError } from '../errors/errors.js'
import type { SignalOptions } from '../stream/signal.js'
import type {
  ModelChange,
  ModelRepository,
  ModelRepositoryOptions,
  ModelWriteOptions,
  UseModelOptions,
  VersionedModel,
} from './repository.js'
import { useModel } from './use.js'
import { assertModelId, attemptsOption, expectedVersionOption } from './validate.js'

// What is stored under an id: its version and a copy of the model; no model after a delete
// (the marker that keeps the version).
interface Entry<M> {
  readonly version: number
  readonly model?: M
}

/**
 * The in-memory model repository: the embedded default for tests, prototypes and
 * single-process apps. Passes the model-repository conformance suite.
 *
 * Models are kept as data, like a database would: `save` stores a `structuredClone` and every
 * read hands out a fresh clone, so changing a fetched model changes nothing until it is saved.
 * A deleted model leaves a small marker holding its version (for the life of the repository).
 *
 * @example
 * ```ts
 * type TaskCount = { open: number }
 * const counts = new MemoryModelRepository<TaskCount>({ factory: () => ({ open: 0 }) })
 * await counts.use(listId, (m) => void m.open++)
 * const { model, version } = await counts.fetchVersioned(listId) // { open: 1 }, version 1
 * ```
 * @public
 */
export class MemoryModelRepository<M> implements ModelRepository<M> {
  readonly #entries = new Map<string, Entry<M>>()
  readonly #options: ModelRepositoryOptions<M>

  constructor(options: ModelRepositoryOptions<M> = {}) {
    if (options.attempts !== undefined) attemptsOption(options.attempts)
    this.#options = options
  }

  /** How many models are stored (deleted ones not counted). */
  get size(): number {
    let n = 0
    for (const entry of this.#entries.values()) if ('model' in entry) n++
    return n
  }

  /**
   * The stored model (a copy), or a new one from the factory; `NOT_FOUND` without a factory.
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
   * Like {@link MemoryModelRepository.fetch}, with the stored version (0 when nothing was ever stored).
   *
   * @example
   * ```ts
   * const { model, version } = await counts.fetchVersioned(listId)
   * ```
   */
  async fetchVersioned(id: string, options?: SignalOptions): Promise<VersionedModel<M>> {
    this.#check(options?.signal, 'fetch')
    assertModelId(id)
    const entry = this.#entries.get(id)
    const version = entry?.version ?? 0
    if (entry !== undefined && 'model' in entry) return { model: structuredClone(entry.model as M), version }
    const factory = this.#options.factory
    if (factory === undefined) {
      throw new NotFoundError(
        `No model ${JSON.stringify(id)} is stored in the MemoryModelRepository. Save it first, or pass a factory.`,
      )
    }
    return { model: factory(id), version }
  }

  /**
   * Stores a copy of `model` as the newest version of `id` and resolves with that version.
   * With `expectedVersion`, rejects with `CONSISTENCY` (storing nothing) unless that is the
   * stored version; without it, the last write wins.
   *
   * @example
   * ```ts
   * const version = await counts.save(listId, { open: 0 }, { expectedVersion: 0 }) // only if never stored
   * ```
   */
  async save(id: string, model: M, options?: ModelWriteOptions): Promise<number> {
    const version = this.#nextVersion(id, options, 'save')
    this.#entries.set(id, { version, model: copy(id, model) })
    return version
  }

  /**
   * Deletes the model: `fetch` then finds none (or the factory's). Resolves with the version
   * afterwards; deleting what is not stored is fine and changes nothing.
   *
   * @example
   * ```ts
   * await counts.delete(listId)
   * ```
   */
  async delete(id: string, options?: ModelWriteOptions): Promise<number> {
    const version = this.#nextVersion(id, options, 'delete')
    const entry = this.#entries.get(id)
    if (entry === undefined || !('model' in entry)) return version - 1
    this.#entries.set(id, { version })
    return version
  }

  /**
   * Fetches the model (or the factory's), runs `fn` on it and saves the result: what `fn`
   * returns, or the model it changed in place. When another writer saved first, `fn` runs again
   * on the reloaded model, up to `attempts` times; then `CONSISTENCY`. Resolves with the saved model.
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
      name: 'MemoryModelRepository',
    })
  }

  // The version a write of `id` gets, after checking its arguments and expected version.
  #nextVersion(id: string, options: ModelWriteOptions | undefined, method: string): number {
    this.#check(options?.signal, method)
    assertModelId(id)
    const expected = expectedVersionOption(options?.expectedVersion)
    const stored = this.#entries.get(id)?.version ?? 0
    if (expected !== undefined && expected !== stored) {
      throw new ConsistencyError(
        `MemoryModelRepository.${method}(${JSON.stringify(id)}) expected version ${expected}, but version ${stored} is stored. ` +
          'Fetch the model again and redo the change (use() does that for you).',
      )
    }
    return stored + 1
  }

  #check(signal: AbortSignal | undefined, method: string): void {
    if (signal?.aborted) throw abortError(signal, `MemoryModelRepository.${method}()`)
  }
}

function copy<M>(id: string, model: M): M {
  try {
    return structuredClone(model)
  } catch (err) {
    throw new GoesError(
      'ENCODE_FAILED',
      `The model ${JSON.stringify(id)} cannot be copied: it holds something that is not data (a function, a class ` +
        'with private fields, …). Keep models to plain data — objects, arrays, strings, numbers, booleans, null.',
      { cause: err },
    )
  }
}
