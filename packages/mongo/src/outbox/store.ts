import type { Event, EventBus, EventStore, Query, SignalOptions } from '@goes/core'
import type { OutboxRelayOptions } from './options.js'
import { OutboxRelay } from './relay.js'
import type { OutboxStoreLike } from './source.js'

/**
 * An event store whose inserts are published through the outbox: see {@link outboxStore}.
 *
 * @example
 * ```ts
 * await using store = outboxStore(new MongoStore(db, { outbox: true }), bus)
 * ```
 * @public
 */
export interface OutboxStore extends EventStore, AsyncDisposable {
  /** The relay that publishes this store's events (and those of every other outbox writer). */
  readonly relay: OutboxRelay
  /** Stops the relay; the underlying store and its client stay open. Idempotent. */
  close(): Promise<void>
}

/**
 * Reliable publishing: wraps a `MongoStore` created with `{ outbox: true }` so that every
 * event inserted is published on `bus` — even when this process dies between the insert and
 * the publish. The insert stores the events with an "unpublished" marker (in the same
 * documents, so in the same write); an {@link OutboxRelay} started here publishes them in
 * order per aggregate and clears the marker. Relays in other processes publish what a dead
 * process left behind. Delivery is at least once: subscribers may see an event twice.
 *
 * `insert` resolves once the events are stored (not yet published) and wakes the relay, so
 * they are usually published a round trip later; reads and deletes go straight to the store.
 * Use it instead of core's `withBus`, which publishes after the insert and loses the events
 * when the process dies in between.
 *
 * @example
 * ```ts
 * const store = outboxStore(new MongoStore(client.db('todo'), { outbox: true }), bus)
 * await store.insert([added]) // stored now, published by the relay right after
 * await store.close() // stops the relay
 * ```
 * @public
 */
export function outboxStore(
  store: EventStore & OutboxStoreLike,
  bus: EventBus,
  options?: OutboxRelayOptions,
): OutboxStore {
  const relay = new OutboxRelay(store, bus, options)
  // Failures of the start (server unreachable, …) are retried by the first insert's wake-up
  // and reported on relay.errors by the running loop.
  const started = relay.start().catch(() => undefined)
  return {
    relay,
    async insert(events: readonly Event[], options?: SignalOptions): Promise<void> {
      await store.insert(events, options)
      await started
      relay.wake()
    },
    find: (id: string, options?: SignalOptions) => store.find(id, options),
    query: (query?: Query, options?: SignalOptions) => store.query(query, options),
    delete: (events: readonly Pick<Event, 'id'>[], options?: SignalOptions) => store.delete(events, options),
    close: () => relay.close(),
    [Symbol.asyncDispose]: () => relay.close(),
  }
}
