import type { ModelFactory, ModelRepository, ProjectionProgress } from '@goes/core'
import type { SuiteOptions } from '../case.js'

/**
 * The model every case of the model-repository suite stores: plain data with a counter the race
 * cases increment, tags they append to, an optional projection progress and free-form data.
 *
 * @example
 * ```ts
 * const m: TestModel = { id: 'a', count: 0, tags: [] }
 * ```
 * @public
 */
export interface TestModel {
  id: string
  count: number
  tags: string[]
  progress?: ProjectionProgress
  data?: unknown
}

/**
 * What the suite asks of a new repository: with the model factory, or without one.
 *
 * @example
 * ```ts
 * const make = (settings: ModelRepositorySettings) => new MemoryModelRepository<TestModel>(settings)
 * ```
 * @public
 */
export interface ModelRepositorySettings {
  /** Pass it on as the repository's factory; without it the repository has none. */
  readonly factory?: ModelFactory<TestModel>
}

/**
 * Builds a repository on fresh, empty storage (a new collection, …); may be async.
 *
 * @example
 * ```ts
 * const factory: ModelRepositoryFactory = (s) => new MongoModelRepository(db, { ...s, collection: uniqueName() })
 * ```
 * @public
 */
export type ModelRepositoryFactory = (
  settings: ModelRepositorySettings,
) => ModelRepository<TestModel> | Promise<ModelRepository<TestModel>>

/**
 * Options of the model-repository suite. `cleanup` is called with every repository the factory
 * built (a case may build two: with and without a model factory).
 *
 * @example
 * ```ts
 * runModelRepositorySuite('mongo models', factory, { twin: (r) => onOtherClient(r), cleanup: (r) => r.collection.drop() })
 * ```
 * @public
 */
export interface ModelRepositorySuiteOptions extends SuiteOptions<ModelRepository<TestModel>> {
  /**
   * A second repository on the same storage as `repository` — on another connection, as a
   * second process would have it. The race and stale-read cases then write through both.
   * Without it they use `repository` twice. Twins are not passed to `cleanup`.
   */
  readonly twin?: (
    repository: ModelRepository<TestModel>,
  ) => ModelRepository<TestModel> | Promise<ModelRepository<TestModel>>
  /** Concurrent `use()` calls per repository in the race case (default 25, at least 2). */
  readonly concurrency?: number
  /** Longest a single call may take before the case fails, in ms (default: a quarter of `timeout`, at most 15 000). */
  readonly callTimeout?: number
}

/** Options with every default applied. @internal */
export interface ModelOptions extends ModelRepositorySuiteOptions {
  readonly concurrency: number
  readonly callTimeout: number
}

/** Applies the defaults. @internal */
export function resolveModelOptions(o: ModelRepositorySuiteOptions = {}): ModelOptions {
  const timeout = o.timeout ?? 60_000
  return {
    ...o,
    concurrency: Math.max(2, o.concurrency ?? 25),
    callTimeout: o.callTimeout ?? Math.max(1_000, Math.min(15_000, timeout / 4)),
  }
}
