import type { EventBus } from '../bus/bus.js'
import type { Event } from '../event/event.js'
import type { Query } from '../query/types.js'
import type { SignalOptions } from '../stream/signal.js'
import { PublishFailedError } from './publish-failed.js'
import type { EventStore } from './store.js'

/**
 * Decorates a store so that every successful insert is then published on `bus`; reads and
 * deletes go straight to the store.
 *
 * Publishing happens after the insert, not with it: when `publish` fails, the insert stands
 * and `insert` rejects with a {@link PublishFailedError} (code `PUBLISH_FAILED`) that carries
 * the stored events, the publish error as its `cause` (subscribers never saw the events;
 * readers of the store do). A `Repository` commits the aggregate before passing it on. The
 * `signal` of the insert is passed on to `publish`, so a caller can stop waiting for a bus
 * with back-pressure — also leaving the insert in place (`PUBLISH_FAILED`, the `ABORTED` error
 * as cause). A failed insert rejects with the store's own error. When subscribers must see
 * every stored event, use a backend with an outbox (events published from the store's own
 * log) instead of this decorator.
 *
 * @example
 * ```ts
 * const store = withBus(new MemoryStore(), bus)
 * await store.insert([added]) // stored, then published to the subscribers of 'todo.task_added'
 * ```
 * @public
 */
export function withBus(store: EventStore, bus: EventBus): EventStore {
  return {
    async insert(events: readonly Event[], options?: SignalOptions): Promise<void> {
      await store.insert(events, options)
      if (events.length === 0) return
      try {
        await bus.publish(events, options)
      } catch (err) {
        throw new PublishFailedError(events, err)
      }
    },
    find: (id: string, options?: SignalOptions) => store.find(id, options),
    query: (query?: Query, options?: SignalOptions) => store.query(query, options),
    delete: (events: readonly Pick<Event, 'id'>[], options?: SignalOptions) => store.delete(events, options),
  }
}
