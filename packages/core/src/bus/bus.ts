/// <reference lib="esnext.disposable" preserve="true" />
import type { GoesError } from '../errors/errors.js'
import type { Event } from '../event/event.js'
import type { SignalOptions } from '../stream/signal.js'

/** Subscribe to every event name. @public */
export const ALL_EVENTS = '*'

/** Options of {@link EventBus.subscribe}. @public */
export interface SubscribeOptions extends SignalOptions {
  /**
   * Load-balancing group: subscribers with the same group share the events (each event goes to
   * one of them) instead of each receiving every event. Backends that cannot load-balance
   * reject a group with a typed error.
   */
  readonly group?: string
}

/**
 * An error a subscription reports without ending: a malformed message, an undecodable
 * envelope, an unknown name, a failed acknowledgement.
 *
 * @public
 */
export type BusError = GoesError

/**
 * A live subscription: an async iterable of events (iterate it once, with `for await`), plus a
 * separate stream of errors. A bad message lands on `errors` and never ends the event stream.
 * Closing is idempotent; breaking out of the `for await` loop, the `signal` of the subscribe
 * options, and `await using` all close it.
 *
 * @public
 */
export interface Subscription<E extends Event = Event> extends AsyncIterable<E>, AsyncDisposable {
  /**
   * Problems with messages of this subscription. Reading them is optional: at most
   * `maxBufferedErrors` (a bus option, default 1000) wait unread; beyond that the oldest are
   * dropped and counted in {@link Subscription.droppedErrors}.
   */
  readonly errors: AsyncIterable<BusError>
  /** Errors dropped from `errors` (oldest first) because `maxBufferedErrors` were waiting unread. */
  readonly droppedErrors: number
  /** Resolves once the subscription has ended, for whatever reason. */
  readonly closed: Promise<void>
  /** Stops the subscription: pending iterations end, nothing more is delivered. */
  close(): Promise<void>
}

/**
 * The event bus contract. A backend implements these two methods and proves itself by passing
 * the event bus conformance suite of `@goes/testing`.
 *
 * @public
 */
export interface EventBus {
  /**
   * Publishes events. Resolves when the bus has accepted every one of them; rejects with a
   * typed error (e.g. `ENCODE_FAILED`) when one cannot be published. Events published by one
   * caller arrive at each subscriber in publish order.
   */
  publish(events: readonly Event[], options?: SignalOptions): Promise<void>
  /**
   * Subscribes to events of the given names, or to every event with `'*'`. Resolves once the
   * subscription is active: every event published after that is delivered.
   */
  subscribe(names: readonly string[] | typeof ALL_EVENTS, options?: SubscribeOptions): Promise<Subscription>
}
