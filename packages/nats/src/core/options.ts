import type { NatsBusOptions } from '../bus/options.js'

/**
 * Options of {@link NatsBus}.
 *
 * @example
 * ```ts
 * const options: NatsCoreBusOptions = { codecs, confirm: false } // for a protocol with its own timeouts
 * ```
 * @public
 */
export interface NatsCoreBusOptions extends NatsBusOptions {
  /**
   * Whether `publish` waits until the server has the events (a PING/PONG round trip after each
   * publish; default true). With false it resolves once the connection has taken the bytes: one
   * round trip less, but events lost with a dropped connection are then seen only by the
   * subscribers (on their `errors`), never by the publisher.
   */
  readonly confirm?: boolean
}

/**
 * The default subject prefix of a {@link NatsBus}.
 *
 * @example
 * ```ts
 * new NatsBus(nc).subjectOf('todo.task_added') // `${DEFAULT_CORE_PREFIX}.todo:task_added`
 * ```
 * @public
 */
export const DEFAULT_CORE_PREFIX = 'goes.events'
