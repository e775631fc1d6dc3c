import type { SnapshotStore } from '@goes/core'
import { bindCases, type CaseDef, type Factory, type TestCase } from '../case.js'
import { registerCases } from '../runner.js'
import { basicCases } from './cases/basic.js'
import { cleanupCases } from './cases/cleanup.js'
import { concurrencyCases } from './cases/concurrency.js'
import { invalidCases } from './cases/invalid.js'
import { stateCases } from './cases/state.js'
import { resolveSnapshotOptions, type SnapshotOptions, type SnapshotStoreSuiteOptions } from './options.js'

const ALL: readonly CaseDef<SnapshotStore, SnapshotOptions>[] = [
  ...basicCases,
  ...cleanupCases,
  ...stateCases,
  ...concurrencyCases,
  ...invalidCases,
]

/**
 * The snapshot store conformance cases, bound to `factory`: each `run()` builds a fresh store,
 * exercises it, and hands it to `options.cleanup`. Run them with {@link runSnapshotStoreSuite},
 * or directly — e.g. to check that a deliberately broken store fails a case.
 *
 * @example
 * ```ts
 * const cases = snapshotStoreCases(() => new MemorySnapshotStore())
 * await cases.find((c) => c.id === 'latest.maxVersion')!.run()
 * ```
 * @public
 */
export function snapshotStoreCases(factory: Factory<SnapshotStore>, options?: SnapshotStoreSuiteOptions): TestCase[] {
  return bindCases(ALL, factory, resolveSnapshotOptions(options))
}

/**
 * Registers the snapshot store conformance suite with the test runner (jest, or vitest with
 * globals): `describe(name)` with one test per case. Every case gets a fresh store from
 * `factory` (which may be async) and passes it to `options.cleanup` afterwards.
 *
 * @example
 * ```ts
 * import { MemorySnapshotStore } from '@goes/core'
 * import { runSnapshotStoreSuite } from '@goes/testing'
 *
 * runSnapshotStoreSuite('MemorySnapshotStore', () => new MemorySnapshotStore())
 * ```
 * @public
 */
export function runSnapshotStoreSuite(
  name: string,
  factory: Factory<SnapshotStore>,
  options: SnapshotStoreSuiteOptions = {},
): void {
  registerCases(name, snapshotStoreCases(factory, options), options)
}
