// Deliberately broken model repositories for the model suite's self-test: a wrapper around
// core's MemoryModelRepository whose flags each switch on one realistic bug.
import {
  isConsistencyError,
  MemoryModelRepository,
  type ModelChange,
  type ModelRepository,
  type ModelWriteOptions,
  type SignalOptions,
  type UseModelOptions,
  type VersionedModel,
} from '@goes/core'
import { useModel } from '@goes/core/backend'
import type { ModelRepositorySettings, TestModel } from '../src/index.js'

export interface Bugs {
  /** use() saves without checking the version it read: concurrent updates are lost. */
  lostUpdate?: boolean
  /** fetch (and use) ignore the factory: a missing model is NOT_FOUND even with one. */
  ignoresFactory?: boolean
  /** delete() resolves but leaves the model stored. */
  deleteKeeps?: boolean
  /** delete() removes the model without a marker: its version falls back to 0. */
  deleteWithoutMarker?: boolean
  /** A conflict is a plain Error, not a consistency error. */
  untypedConflict?: boolean
  /** Versions are not kept: save ignores expectedVersion and every stored model is at version 1. */
  versionNotKept?: boolean
  /**
   * expectedVersion is checked against the next version only: a writer two or more versions
   * behind wins (a store that pruned the older versions' guards, as a naive Mongo one would).
   */
  staleAfterPrune?: boolean
  /** Models are kept and handed out by reference, not copied. */
  byReference?: boolean
  /** The progress time goes through a Number on save (loses nanoseconds). */
  lossyProgress?: boolean
  /** Signals are ignored. */
  ignoresAbort?: boolean
  /** Ids are not checked: an empty or non-string id is used as it is. */
  noIdCheck?: boolean
}

export class BrokenModelRepository implements ModelRepository<TestModel> {
  // One memory repository per id, so that a delete without a marker can drop an id entirely.
  readonly #byId = new Map<string, MemoryModelRepository<TestModel>>()
  // The stored version of each id, as the writes through this wrapper left it.
  readonly #versions = new Map<string, number>()
  readonly #refs = new Map<string, TestModel>()
  readonly #settings: ModelRepositorySettings

  constructor(
    settings: ModelRepositorySettings,
    readonly bugs: Bugs,
  ) {
    this.#settings = bugs.ignoresFactory ? {} : settings
  }

  async fetch(id: string, options?: SignalOptions): Promise<TestModel> {
    return (await this.fetchVersioned(id, options)).model
  }

  async fetchVersioned(id: string, options?: SignalOptions): Promise<VersionedModel<TestModel>> {
    const got = await this.#repo(id).fetchVersioned(this.#key(id), this.#signal(options))
    const model = (got.version > 0 && this.#refs.get(this.#key(id))) || got.model
    return { model, version: this.bugs.versionNotKept ? Math.min(got.version, 1) : got.version }
  }

  async save(id: string, model: TestModel, options?: ModelWriteOptions): Promise<number> {
    let stored = model
    if (this.bugs.lossyProgress && model.progress !== undefined) {
      stored = { ...model, progress: { ...model.progress, time: String(Number(model.progress.time)) } }
    }
    const version = await this.#write(id, () =>
      this.#repo(id).save(this.#key(id), stored, this.#writeOptions(id, options)),
    )
    if (this.bugs.byReference) this.#refs.set(this.#key(id), model)
    return this.bugs.versionNotKept ? 1 : version
  }

  async delete(id: string, options?: ModelWriteOptions): Promise<number> {
    if (this.bugs.deleteKeeps) return this.#versions.get(this.#key(id)) ?? 0
    const version = await this.#write(id, () => this.#repo(id).delete(this.#key(id), this.#writeOptions(id, options)))
    this.#refs.delete(this.#key(id))
    if (!this.bugs.deleteWithoutMarker) return version
    this.#byId.delete(this.#key(id))
    this.#versions.delete(this.#key(id))
    return 0
  }

  use(id: string, fn: ModelChange<TestModel>, options?: UseModelOptions): Promise<TestModel> {
    if (!this.bugs.lostUpdate) return useModel(this, id, fn, { ...options, name: 'BrokenModelRepository' })
    return (async () => {
      const model = await this.fetch(id, options)
      const next = (await fn(model)) ?? model
      await this.save(id, next, this.#signal(options)) // no expectedVersion: the last write wins
      return next
    })()
  }

  #key(id: string): string {
    return this.bugs.noIdCheck && (typeof id !== 'string' || id === '') ? `bad:${String(id)}` : id
  }

  #repo(id: string): MemoryModelRepository<TestModel> {
    const key = this.#key(id)
    let repo = this.#byId.get(key)
    if (repo === undefined) this.#byId.set(key, (repo = new MemoryModelRepository(this.#settings)))
    return repo
  }

  #signal<O extends SignalOptions>(options: O | undefined): O | undefined {
    if (!this.bugs.ignoresAbort || options === undefined) return options
    const { signal: _, ...rest } = options
    return rest as O
  }

  #writeOptions(id: string, options: ModelWriteOptions | undefined): ModelWriteOptions | undefined {
    const o = this.#signal(options)
    const expected = o?.expectedVersion
    if (expected === undefined || typeof expected !== 'number') return o
    if (this.bugs.versionNotKept) return { ...o, expectedVersion: undefined }
    const stored = this.#versions.get(this.#key(id)) ?? 0
    if (this.bugs.staleAfterPrune && expected <= stored - 2) return { ...o, expectedVersion: stored }
    return o
  }

  async #write(id: string, write: () => Promise<number>): Promise<number> {
    try {
      const version = await write()
      this.#versions.set(this.#key(id), version)
      return version
    } catch (err) {
      if (this.bugs.untypedConflict && isConsistencyError(err)) throw new Error('conflict: somebody else saved first')
      throw err
    }
  }
}
