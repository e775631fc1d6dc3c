import type { EventBus } from '@goes/core'
import { bindCases, type CaseDef, type Factory, type TestCase } from '../case.js'
import { registerCases } from '../runner.js'
import { closeCases } from './cases/close.js'
import { deliveryCases } from './cases/delivery.js'
import { groupCases } from './cases/group.js'
import { invalidCases } from './cases/invalid.js'
import { malformedCases } from './cases/malformed.js'
import { type BusOptions, type EventBusSuiteOptions, resolveBusOptions } from './options.js'

const ALL: readonly CaseDef<EventBus, BusOptions>[] = [
  ...deliveryCases,
  ...closeCases,
  ...invalidCases,
  ...malformedCases,
  ...groupCases,
]

/**
 * The event bus conformance cases, bound to `factory`: each `run()` builds a fresh bus, runs the
 * case with names unique to it, closes its subscriptions and hands the bus to `options.cleanup`.
 * Every wait has a timeout (`eventTimeout`), so a broken bus fails a case instead of hanging it.
 *
 * @example
 * ```ts
 * const cases = eventBusCases(() => new MemoryBus(), { manyEvents: 1_000 })
 * await cases.find((c) => c.id === 'deliver.many')!.run()
 * ```
 * @public
 */
export function eventBusCases(factory: Factory<EventBus>, options?: EventBusSuiteOptions): TestCase[] {
  return bindCases(ALL, factory, resolveBusOptions(options))
}

/**
 * Registers the event bus conformance suite with the test runner (jest, or vitest with
 * globals): `describe(name)` with one test per case. Without `options.publishRaw` the
 * malformed-message case is listed as skipped, and its title says so.
 *
 * @example
 * ```ts
 * import { MemoryBus } from '@goes/core'
 * import { runEventBusSuite } from '@goes/testing'
 *
 * runEventBusSuite('MemoryBus', () => new MemoryBus())
 * ```
 * @public
 */
export function runEventBusSuite(name: string, factory: Factory<EventBus>, options: EventBusSuiteOptions = {}): void {
  registerCases(name, eventBusCases(factory, options), options)
}
