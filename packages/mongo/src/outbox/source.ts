import { type Event, type EventStore, GoesError } from '@goes/core'
import type { Collection, Document } from 'mongodb'

/** A store the relay can read the outbox of (M1's MongoStore created with `{ outbox: true }`). @public */
export type OutboxStoreLike = EventStore

/** What the relay needs of the event store. @internal */
export interface OutboxSource {
  /** The events collection (to watch it, and for the claims' database). */
  readonly events: Collection<Document>
  /** Visible (never part of an incomplete batch) unpublished events, sorted by aggregate and version. */
  unpublished(limit: number, signal?: AbortSignal): Promise<Event[]>
  /** Clears the unpublished marker of these events (idempotent). */
  markPublished(ids: readonly string[], signal?: AbortSignal): Promise<void>
  /** Whether the server has change streams (asked once). */
  changeStreams(signal?: AbortSignal): Promise<boolean>
}

/** The outbox of `store`. @internal */
export function outboxSource(_store: OutboxStoreLike): OutboxSource {
  throw new GoesError('INVALID_STATE', 'The outbox relay is not wired to the MongoDB event store yet.')
}
