import {
  type ALL_EVENTS,
  type CodecRegistry,
  type Event,
  type EventBus,
  GoesError,
  type SignalOptions,
  type SubscribeOptions,
  type Subscription,
} from '@goes/core'

/**
 * Options of {@link PubSubBus}.
 *
 * @example
 * ```ts
 * const options: PubSubBusOptions = {}
 * ```
 * @public
 */
export interface PubSubBusOptions {
  /**
   * Encodes and decodes event data by event name. TODO: the driver's client or connection
   * settings next to it.
   */
  readonly codecs?: CodecRegistry
}

/**
 * An event bus on Google Cloud Pub/Sub. TODO: what it maps events to on the server, and how it orders,
 * acknowledges and load-balances them.
 *
 * @example
 * ```ts
 * const bus = new PubSubBus()
 * const sub = await bus.subscribe(['todo.task_added'])
 * await bus.publish([newEvent('todo.task_added', { title: 'milk' })])
 * ```
 * @public
 */
export class PubSubBus implements EventBus {
  readonly options: PubSubBusOptions

  constructor(options: PubSubBusOptions = {}) {
    this.options = options
  }

  async publish(_events: readonly Event[], _options?: SignalOptions): Promise<void> {
    throw notImplemented('publish')
  }

  async subscribe(_names: readonly string[] | typeof ALL_EVENTS, _options?: SubscribeOptions): Promise<Subscription> {
    throw notImplemented('subscribe')
  }
}

function notImplemented(method: string): GoesError {
  return new GoesError(
    'INVALID_STATE',
    `PubSubBus.${method}() is not implemented yet. Implement it in src/bus/pubsub-bus.ts until test/conformance.test.ts passes.`,
  )
}
