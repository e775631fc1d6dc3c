import { bindCases, type CaseDef, type TestCase } from '../case.js'
import { registerCases } from '../runner.js'
import { basicCases } from './cases/basic.js'
import { dataCases } from './cases/data.js'
import { invalidCases } from './cases/invalid.js'
import { raceCases } from './cases/race.js'
import { useCases } from './cases/use.js'
import { versionCases } from './cases/versions.js'
import { type HarnessOptions, ModelHarness } from './harness.js'
import { type ModelRepositoryFactory, type ModelRepositorySuiteOptions, resolveModelOptions } from './options.js'

const ALL: readonly CaseDef<ModelHarness, HarnessOptions>[] = [
  ...basicCases,
  ...versionCases,
  ...dataCases,
  ...useCases,
  ...raceCases,
  ...invalidCases,
]

/**
 * The model-repository conformance cases, bound to `factory`: each `run()` builds the
 * repositories it needs (with and without the model factory), exercises them, and hands each to
 * `options.cleanup`. Run them with {@link runModelRepositorySuite}, or directly — e.g. to check
 * that a deliberately broken repository fails a case.
 *
 * @example
 * ```ts
 * const cases = modelRepositoryCases((s) => new MemoryModelRepository(s))
 * await cases.find((c) => c.id === 'use.race')!.run()
 * ```
 * @public
 */
export function modelRepositoryCases(
  factory: ModelRepositoryFactory,
  options: ModelRepositorySuiteOptions = {},
): TestCase[] {
  const model = resolveModelOptions(options)
  const bound: HarnessOptions = {
    ...(model.skip === undefined ? {} : { skip: model.skip }),
    ...(model.timeout === undefined ? {} : { timeout: model.timeout }),
    cleanup: (harness) => harness.cleanUp(),
    model,
  }
  return bindCases(ALL, () => new ModelHarness(factory, model), bound)
}

/**
 * Registers the model-repository conformance suite with the test runner (jest, or vitest with
 * globals): `describe(name)` with one test per case. The factory builds a repository on fresh
 * storage, with the model factory it is given or without one; `twin` (optional) builds a second
 * repository on the same storage, for the race cases.
 *
 * @example
 * ```ts
 * import { MemoryModelRepository } from '@goes/core'
 * import { runModelRepositorySuite } from '@goes/testing'
 *
 * runModelRepositorySuite('MemoryModelRepository', (settings) => new MemoryModelRepository(settings))
 * ```
 * @public
 */
export function runModelRepositorySuite(
  name: string,
  factory: ModelRepositoryFactory,
  options: ModelRepositorySuiteOptions = {},
): void {
  registerCases(name, modelRepositoryCases(factory, options), options)
}
