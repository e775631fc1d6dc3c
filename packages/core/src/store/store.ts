import type { Event } from '../event/event.js'
import type { Query } from '../query/types.js'
import type { SignalOptions } from '../stream/signal.js'

/**
 * The event store contract. A backend implements these four methods and proves itself by
 * passing the event store conformance suite of `@goes/testing`.
 *
 * @public
 */
export interface EventStore {
  /**
   * Inserts events, all or nothing. A duplicate event id, or a duplicate (aggregate name,
   * aggregate id, version) — within the batch or against what is stored — rejects the whole
   * batch with a `CONSISTENCY` error and stores none of it. Invalid events reject with their
   * typed error (`INVALID_NAME`, `NIL_UUID`, …) and store nothing either.
   */
  insert(events: readonly Event[], options?: SignalOptions): Promise<void>
  /** Finds one event by id; rejects with `NOT_FOUND` when there is none. */
  find(id: string, options?: SignalOptions): Promise<Event>
  /**
   * Streams the events matching `query`, sorted as it says. Never materialises the whole
   * result: iterate with `for await`; breaking out of the loop releases the cursor. A malformed
   * query rejects with `INVALID_QUERY` on the first iteration.
   */
  query(query?: Query, options?: SignalOptions): AsyncIterable<Event>
  /** Deletes events by id. Ids that are not stored are ignored. */
  delete(events: readonly Pick<Event, 'id'>[], options?: SignalOptions): Promise<void>
}
