import type { SuiteOptions } from '../case.js'
import type { WireErrorTarget } from './target.js'

/**
 * Options of the wire-error suite.
 *
 * @example
 * ```ts
 * runWireErrorSuite('PubSubBus', factory, { eventTimeout: 10_000, cleanup: (t) => dropTopics(t) })
 * ```
 * @public
 */
export interface WireErrorSuiteOptions extends SuiteOptions<WireErrorTarget> {
  /** How long to wait for the next expected error or message, in ms (default 5 000). */
  readonly eventTimeout?: number
}

/** Options with every default applied. @internal */
export interface WireOptions extends WireErrorSuiteOptions {
  readonly eventTimeout: number
}

/** Applies the defaults. @internal */
export function resolveWireOptions(o: WireErrorSuiteOptions = {}): WireOptions {
  return { ...o, eventTimeout: o.eventTimeout ?? 5_000 }
}
