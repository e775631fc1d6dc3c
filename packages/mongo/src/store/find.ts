import { assertUUID, type CodecRegistry, type Event, NotFoundError } from '@goes/core'
import type { Collection } from 'mongodb'
import { batchComplete, inBatch } from '../internal/batches.js'
import { docToEvent } from '../internal/decode.js'
import { driverCall } from '../internal/errors.js'
import { type EventDoc, READ_OPTIONS } from '../internal/schema.js'
import { idToBson } from '../internal/uuid.js'

const WHAT = 'MongoStore.find'

/** Finds one visible event by id; `NOT_FOUND` otherwise (also for a member of an incomplete batch). @internal */
export async function findEvent(
  collection: Collection<EventDoc>,
  codecs: CodecRegistry,
  id: string,
  signal: AbortSignal | undefined,
): Promise<Event> {
  assertUUID(id, 'The event id passed to find()')
  const doc = await driverCall(WHAT, signal, async () => {
    const found = await collection.findOne({ _id: idToBson(id) }, { ...READ_OPTIONS, signal })
    if (found === null || !inBatch(found)) return found
    return (await batchComplete(collection, found.batch!, found.batchSize!, signal)) ? found : null
  })
  if (doc === null) {
    throw new NotFoundError(`No event with id "${id}" is stored. Check the id, or query the store to see what exists.`)
  }
  return docToEvent(doc, codecs)
}
