import type { EventStore } from '@goes/core'
import { bindCases, type CaseDef, type Factory, type TestCase } from '../case.js'
import { registerCases } from '../runner.js'
import { abortCases } from './cases/abort.js'
import { basicCases } from './cases/basic.js'
import { concurrencyCases } from './cases/concurrency.js'
import { consistencyCases } from './cases/consistency.js'
import { invalidCases } from './cases/invalid.js'
import { queryCases } from './cases/query.js'
import { streamCases } from './cases/stream.js'
import { type EventStoreSuiteOptions, resolveStoreOptions, type StoreOptions } from './options.js'

const ALL: readonly CaseDef<EventStore, StoreOptions>[] = [
  ...basicCases,
  ...consistencyCases,
  ...invalidCases,
  ...concurrencyCases,
  ...queryCases,
  ...abortCases,
  ...streamCases,
]

/**
 * The event store conformance cases, bound to `factory`: each `run()` builds a fresh store,
 * exercises it, and hands it to `options.cleanup`. Run them with {@link runEventStoreSuite}, or
 * directly — e.g. to check that a deliberately broken store fails a case.
 *
 * @example
 * ```ts
 * const cases = eventStoreCases(() => new MemoryStore(), { streamEvents: 10_000 })
 * await cases.find((c) => c.id === 'insert.single')!.run()
 * ```
 * @public
 */
export function eventStoreCases(factory: Factory<EventStore>, options?: EventStoreSuiteOptions): TestCase[] {
  return bindCases(ALL, factory, resolveStoreOptions(options))
}

/**
 * Registers the event store conformance suite with the test runner (jest, or vitest with
 * globals): `describe(name)` with one test per case. Every case gets a fresh store from
 * `factory` (which may be async) and passes it to `options.cleanup` afterwards.
 *
 * @example
 * ```ts
 * import { MemoryStore } from '@goes/core'
 * import { runEventStoreSuite } from '@goes/testing'
 *
 * runEventStoreSuite('MemoryStore', () => new MemoryStore())
 * ```
 * @public
 */
export function runEventStoreSuite(
  name: string,
  factory: Factory<EventStore>,
  options: EventStoreSuiteOptions = {},
): void {
  registerCases(name, eventStoreCases(factory, options), options)
}
