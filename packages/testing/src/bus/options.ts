import type { EventBus } from '@goes/core'
import type { SuiteOptions } from '../case.js'

/**
 * Options of the event bus suite. The counts are scale knobs for slow real servers.
 *
 * @example
 * ```ts
 * runEventBusSuite('nats', () => connectBus(url), {
 *   group: true,
 *   publishRaw: (bus, name, bytes) => rawPublish(bus, name, bytes),
 *   cleanup: (bus) => bus.close(),
 * })
 * ```
 * @public
 */
export interface EventBusSuiteOptions extends SuiteOptions<EventBus> {
  /**
   * Puts raw bytes on the bus's wire under an event name, as a foreign or broken publisher
   * would. The malformed-message case runs only when this is given; without it the case is
   * listed as skipped, loudly. Pass `false` for a bus that has no wire format at all (the plain
   * in-memory bus hands over objects, so no message can be malformed): the case is left out.
   */
  readonly publishRaw?: ((bus: EventBus, name: string, bytes: Uint8Array) => Promise<void>) | false
  /**
   * Whether the bus supports `group` load balancing. When true the group case checks that each
   * event reaches exactly one member of a group; when false (the default) it checks that
   * subscribing with a group is rejected with a typed error rather than silently ignored.
   */
  readonly group?: boolean
  /** Events of the many-events case (default 10 000). */
  readonly manyEvents?: number
  /** Events per publisher in the ordering case (default 500). */
  readonly orderEvents?: number
  /** Subscribers of the fan-out case (default 5). */
  readonly subscribers?: number
  /** How long to wait for the next expected event before failing, in ms (default 5 000). */
  readonly eventTimeout?: number
  /** How long to watch for deliveries that must not happen, in ms (default 200). */
  readonly quietMs?: number
}

/** Options with every default applied. @internal */
export interface BusOptions extends EventBusSuiteOptions {
  readonly group: boolean
  readonly manyEvents: number
  readonly orderEvents: number
  readonly subscribers: number
  readonly eventTimeout: number
  readonly quietMs: number
}

/** Applies the defaults. @internal */
export function resolveBusOptions(o: EventBusSuiteOptions = {}): BusOptions {
  return {
    ...o,
    group: o.group ?? false,
    manyEvents: Math.max(1, o.manyEvents ?? 10_000),
    orderEvents: Math.max(2, o.orderEvents ?? 500),
    subscribers: Math.max(2, o.subscribers ?? 5),
    eventTimeout: o.eventTimeout ?? 5_000,
    quietMs: o.quietMs ?? 200,
  }
}
