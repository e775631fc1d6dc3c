import { bindCases, type Factory, type TestCase } from '../case.js'
import { registerCases } from '../runner.js'
import { wireCases } from './cases.js'
import { resolveWireOptions, type WireErrorSuiteOptions } from './options.js'
import type { WireErrorTarget } from './target.js'

/**
 * The wire-error cases bound to `factory`: a malformed message, a misaddressed message and an
 * error buffer nobody reads must be reported the same way on every wire — the same codes, the
 * oldest errors dropped first, the drops counted. Build targets with `busWireTarget` (event
 * buses) or `commandWireTarget` (command buses over an event bus).
 *
 * @example
 * ```ts
 * for (const c of wireErrorCases(() => busWireTarget(bus, { publishRaw, maxBufferedErrors: 5 }))) await c.run()
 * ```
 * @public
 */
export function wireErrorCases(factory: Factory<WireErrorTarget>, options?: WireErrorSuiteOptions): TestCase[] {
  return bindCases(wireCases, factory, resolveWireOptions(options))
}

/**
 * Registers the wire-error cases with the test runner (jest, or vitest with globals).
 *
 * @example
 * ```ts
 * runWireErrorSuite('MemoryBus', () => busWireTarget(new MemoryBus({ codecs, maxBufferedErrors: 5 }), { publishRaw, maxBufferedErrors: 5 }))
 * ```
 * @public
 */
export function runWireErrorSuite(
  name: string,
  factory: Factory<WireErrorTarget>,
  options: WireErrorSuiteOptions = {},
): void {
  registerCases(name, wireErrorCases(factory, options), options)
}
