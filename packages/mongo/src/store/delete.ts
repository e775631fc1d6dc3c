import { assertUUID, type Event, GoesError } from '@goes/core'
import type { Collection, ObjectId } from 'mongodb'
import { inBatch } from '../internal/batches.js'
import { driverCall } from '../internal/errors.js'
import type { EventDoc } from '../internal/schema.js'
import { idToBson } from '../internal/uuid.js'

const WHAT = 'MongoStore.delete'

/** Validates the argument of delete(). @internal */
export function validateRefs(events: readonly Pick<Event, 'id'>[]): void {
  if (!Array.isArray(events)) {
    throw new GoesError('INVALID_EVENT', 'delete() takes an array of events (or { id } objects); wrap one as [event].')
  }
  for (const ref of events) {
    if (typeof ref !== 'object' || ref === null) {
      throw new GoesError('INVALID_EVENT', 'delete() takes events or { id } objects; one entry is not an object.')
    }
    assertUUID(ref.id, 'The id of an event passed to delete()')
  }
}

/**
 * Deletes events by id. The other members of a complete batch are first detached
 * (`batchSize: 1`, standalone), so they stay visible once part of their batch is gone. A crash
 * between the two steps leaves detached events that are all still visible: nothing is lost,
 * and the delete can be repeated.
 *
 * @internal
 */
export async function deleteEvents(
  collection: Collection<EventDoc>,
  events: readonly Pick<Event, 'id'>[],
  signal: AbortSignal | undefined,
): Promise<void> {
  if (events.length === 0) return driverCall(WHAT, signal, async () => undefined)
  const ids = [...new Set(events.map((e) => e.id))].map((id) => idToBson(id))
  await driverCall(WHAT, signal, async () => {
    const targets = await collection
      .find({ _id: { $in: ids } }, { projection: { batch: 1, batchSize: 1 }, signal })
      .toArray()
    const batches = new Map<string, { batch: ObjectId; size: number }>()
    for (const t of targets) {
      if (inBatch(t as EventDoc)) batches.set(t.batch!.toHexString(), { batch: t.batch!, size: t.batchSize! })
    }
    if (batches.size > 0) await detach(collection, [...batches.values()], ids, signal)
    if (targets.length > 0) await collection.deleteMany({ _id: { $in: ids } })
  })
}

/** Makes the members of complete batches that are not deleted standalone. */
async function detach(
  collection: Collection<EventDoc>,
  batches: { batch: ObjectId; size: number }[],
  ids: EventDoc['_id'][],
  signal: AbortSignal | undefined,
): Promise<void> {
  const members = await collection
    .find({ batch: { $in: batches.map((b) => b.batch) } }, { projection: { batch: 1 }, signal })
    .toArray()
  const counts = new Map<string, number>()
  for (const m of members) {
    const key = m.batch!.toHexString()
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  // An incomplete batch is invisible: its members must stay hidden, so they are not detached.
  const complete = batches.filter((b) => (counts.get(b.batch.toHexString()) ?? 0) >= b.size).map((b) => b.batch)
  if (complete.length === 0) return
  await collection.updateMany(
    { batch: { $in: complete }, _id: { $nin: ids }, batchSize: { $gt: 1 } },
    { $set: { batchSize: 1 } },
  )
}
