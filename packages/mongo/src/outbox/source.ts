import { type CodecRegistry, type Event, GoesError, type Query } from '@goes/core'
import type { Collection, Filter } from 'mongodb'
import { capabilities } from '../internal/capabilities.js'
import { docToEvent } from '../internal/decode.js'
import { driverCall } from '../internal/errors.js'
import { type EventDoc, FIELD } from '../internal/schema.js'
import { idToBson } from '../internal/uuid.js'
import { readVisible } from '../internal/visible.js'

/**
 * What the outbox relay needs of an event store: a `MongoStore` created with `{ outbox: true }`.
 *
 * @example
 * ```ts
 * const store: OutboxStoreLike = new MongoStore(db, { outbox: true })
 * ```
 * @public
 */
export interface OutboxStoreLike {
  readonly collection: Collection<EventDoc>
  readonly codecs: CodecRegistry
  readonly outbox: boolean
}

/** What the relay does with the event store. @internal */
export interface OutboxSource {
  /** The events collection (to watch it, and for the leases' database). */
  readonly events: Collection<EventDoc>
  /** Visible (never part of an incomplete batch) unpublished events, sorted by aggregate and version. */
  unpublished(limit: number, signal?: AbortSignal): Promise<Event[]>
  /**
   * Re-reads, now, what is unpublished of these aggregates (in version order, per aggregate)
   * and of these aggregate-less events: at most `limit` per call.
   */
  unpublishedOf(
    aggregates: readonly { readonly name: string; readonly id: string }[],
    solo: readonly string[],
    limit: number,
    signal?: AbortSignal,
  ): Promise<Event[]>
  /** Clears the unpublished marker of these events (idempotent). */
  markPublished(ids: readonly string[], signal?: AbortSignal): Promise<void>
  /** Whether the server has change streams (asked once per database). */
  changeStreams(signal?: AbortSignal): Promise<boolean>
}

// Per aggregate in version order; aggregate-less events (name '') first.
const BY_AGGREGATE: Query = {
  sort: [
    { by: 'aggregateName', dir: 'asc' },
    { by: 'aggregateId', dir: 'asc' },
    { by: 'aggregateVersion', dir: 'asc' },
  ],
}

const UNPUBLISHED = {
  filter: { [FIELD.unpublished]: true } as Filter<EventDoc>,
  test: (d: EventDoc) => d.unpublished === true,
}

/**
 * The outbox of `store`. Throws `INVALID_OPTION` unless the store was created with
 * `{ outbox: true }` (without it, inserted events carry no unpublished marker).
 *
 * @internal
 */
export function outboxSource(store: OutboxStoreLike): OutboxSource {
  if (store?.outbox !== true) {
    throw new GoesError(
      'INVALID_OPTION',
      'The outbox relay needs a MongoStore created with { outbox: true }: only such a store marks inserted events as unpublished. Create the store with new MongoStore(db, { outbox: true }).',
    )
  }
  const events = store.collection
  const read = async (query: Query, limit: number, signal: AbortSignal | undefined): Promise<Event[]> => {
    const out: Event[] = []
    for await (const doc of readVisible(events, { query, extra: UNPUBLISHED, limit, signal })) {
      out.push(docToEvent(doc, store.codecs))
    }
    return out
  }
  return {
    events,
    unpublished: (limit, signal) => read(BY_AGGREGATE, limit, signal),
    async unpublishedOf(aggregates, solo, limit, signal) {
      const out: Event[] = []
      if (aggregates.length > 0) {
        // Names × ids may name aggregates nobody asked for: keep only the asked ones.
        const wanted = new Set(aggregates.map((a) => JSON.stringify([a.name, a.id])))
        const query: Query = {
          ...BY_AGGREGATE,
          aggregateNames: [...new Set(aggregates.map((a) => a.name))],
          aggregateIds: [...new Set(aggregates.map((a) => a.id))],
        }
        for (const e of await read(query, limit, signal)) {
          if (wanted.has(JSON.stringify([e.aggregate?.name, e.aggregate?.id]))) out.push(e)
        }
      }
      if (solo.length > 0) out.push(...(await read({ ids: [...solo] }, limit, signal)))
      return out
    },
    async markPublished(ids, signal) {
      if (ids.length === 0) return
      await driverCall('Marking outbox events published', signal, () =>
        events.updateMany({ _id: { $in: ids.map((id) => idToBson(id)) } }, { $unset: { [FIELD.unpublished]: '' } }),
      )
    },
    async changeStreams(signal) {
      return (await capabilities(events.db, { signal })).changeStreams
    },
  }
}
