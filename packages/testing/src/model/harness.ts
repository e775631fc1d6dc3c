import type {
  ModelChange,
  ModelRepository,
  ModelWriteOptions,
  SignalOptions,
  UseModelOptions,
  VersionedModel,
} from '@goes/core'
import type { SuiteOptions } from '../case.js'
import { show } from '../util/random.js'
import { within } from '../util/wait.js'
import type { ModelOptions, ModelRepositoryFactory, TestModel } from './options.js'

/** The model factory the suite hands to repositories: a fresh model per call. @internal */
export const testFactory = (id: string): TestModel => ({ id, count: 0, tags: [] })

/** What the cases of the model suite receive instead of one repository. @internal */
export interface HarnessOptions extends SuiteOptions<ModelHarness> {
  readonly model: ModelOptions
}

/**
 * One case's access to the repository under test: builds repositories with and without the
 * model factory (every one handed to `cleanup` afterwards), their twins, and bounds every call
 * by `callTimeout` so a broken repository fails instead of hanging.
 *
 * @internal
 */
export class ModelHarness {
  readonly #built: ModelRepository<TestModel>[] = []

  constructor(
    readonly make: ModelRepositoryFactory,
    readonly options: ModelOptions,
  ) {}

  /** A repository with the suite's model factory ({@link testFactory}). */
  withFactory(): Promise<BoundedRepository> {
    return this.#build(true)
  }

  /** A repository without a model factory. */
  withoutFactory(): Promise<BoundedRepository> {
    return this.#build(false)
  }

  /** A second repository on the storage of `repository` (the options' `twin`), else `repository` itself. */
  async twin(repository: BoundedRepository): Promise<BoundedRepository> {
    const twin = this.options.twin
    if (twin === undefined) return repository
    const raw = await within(Promise.resolve(twin(repository.raw)), this.options.callTimeout, 'options.twin()')
    return new BoundedRepository(raw, this.options.callTimeout, `${repository.label} (twin)`)
  }

  /** Hands every repository built to the options' `cleanup`; the first failure wins. */
  async cleanUp(): Promise<void> {
    let failure: { err: unknown } | undefined
    for (const repo of this.#built) {
      try {
        await this.options.cleanup?.(repo)
      } catch (err) {
        failure ??= { err }
      }
    }
    if (failure !== undefined) throw failure.err
  }

  async #build(withFactory: boolean): Promise<BoundedRepository> {
    const settings = withFactory ? { factory: testFactory } : {}
    const what = `the factory (${withFactory ? 'with' : 'without'} a model factory)`
    const raw = await within(Promise.resolve(this.make(settings)), this.options.callTimeout, what)
    this.#built.push(raw)
    return new BoundedRepository(
      raw,
      this.options.callTimeout,
      withFactory ? 'repository' : 'repository without factory',
    )
  }
}

/**
 * The repository under test with every call bounded in time: a call that does not settle
 * within the limit fails the case with an assertion naming it. `use()` gets three times the
 * limit (it may retry).
 *
 * @internal
 */
export class BoundedRepository implements ModelRepository<TestModel> {
  constructor(
    readonly raw: ModelRepository<TestModel>,
    readonly ms: number,
    readonly label: string,
  ) {}

  fetch(id: string, options?: SignalOptions): Promise<TestModel> {
    return this.#bounded(`fetch(${show(id)})`, () => this.raw.fetch(id, options))
  }

  fetchVersioned(id: string, options?: SignalOptions): Promise<VersionedModel<TestModel>> {
    return this.#bounded(`fetchVersioned(${show(id)})`, () => this.raw.fetchVersioned(id, options))
  }

  save(id: string, model: TestModel, options?: ModelWriteOptions): Promise<number> {
    return this.#bounded(`save(${show(id)})`, () => this.raw.save(id, model, options))
  }

  delete(id: string, options?: ModelWriteOptions): Promise<number> {
    return this.#bounded(`delete(${show(id)})`, () => this.raw.delete(id, options))
  }

  use(id: string, fn: ModelChange<TestModel>, options?: UseModelOptions): Promise<TestModel> {
    return this.#bounded(`use(${show(id)})`, () => this.raw.use(id, fn, options), 3)
  }

  #bounded<T>(call: string, run: () => Promise<T>, factor = 1): Promise<T> {
    // A method that throws instead of rejecting is treated like one that rejects.
    return within(
      Promise.resolve().then(run),
      this.ms * factor,
      `${this.label}.${call} did not settle within ${this.ms * factor} ms`,
    )
  }
}
