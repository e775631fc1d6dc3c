// Deliberately broken buses for FND-2: thin wrappers around MemoryBus, each with one realistic
// bug the conformance suite must catch.
import {
  type Event,
  type EventBus,
  MemoryBus,
  type SignalOptions,
  type SubscribeOptions,
  type Subscription,
} from '@goes/core'

/** Delegates everything to a MemoryBus; subclasses break one method. */
export class WrappedBus implements EventBus {
  readonly inner = new MemoryBus()
  publish(events: readonly Event[], options?: SignalOptions): Promise<void> {
    return this.inner.publish(events, options)
  }
  subscribe(names: readonly string[] | '*', options?: SubscribeOptions): Promise<Subscription> {
    return this.inner.subscribe(names, options)
  }
}

/** Loses every 100th published event. */
export class DroppingBus extends WrappedBus {
  private count = 0
  override publish(events: readonly Event[], options?: SignalOptions): Promise<void> {
    return this.inner.publish(
      events.filter(() => ++this.count % 100 !== 0),
      options,
    )
  }
}

/** Ignores the subscribed names: every subscriber gets every event. */
export class LeakyBus extends WrappedBus {
  override subscribe(_names: readonly string[] | '*', options?: SubscribeOptions): Promise<Subscription> {
    return this.inner.subscribe('*', options)
  }
}
