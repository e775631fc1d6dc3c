import { assertEvent, type CodecRegistry, ConsistencyError, type Event, GoesError } from '@goes/core'
import { throwIfAborted } from '@goes/core/backend'
import { type Collection, type MongoClient, ObjectId } from 'mongodb'
import { batchComplete, inBatch } from '../internal/batches.js'
import { eventToDoc } from '../internal/encode.js'
import { conflict, failedPosition, isDuplicateKey, mapDriverError } from '../internal/errors.js'
import type { EventDoc } from '../internal/schema.js'
import type { MongoStoreStatus } from './options.js'

/** What an insert needs from its store. @internal */
export interface InsertContext {
  readonly status: MongoStoreStatus
  readonly collection: Collection<EventDoc>
  readonly client: MongoClient
  readonly codecs: CodecRegistry
  readonly outbox: boolean
  readonly readable: boolean
  readonly transactions: boolean
  readonly abandonAfter: number
}

const WHAT = 'MongoStore.insert'

/** Validates a batch: an array of valid events (typed errors otherwise). @internal */
export function validateBatch(events: readonly Event[]): void {
  if (!Array.isArray(events)) {
    throw new GoesError('INVALID_EVENT', 'insert() takes an array of events; wrap one event as [event].')
  }
  for (const e of events) assertEvent(e)
}

/**
 * Inserts a validated, non-empty batch, all or nothing (see the README, "Storage design"):
 * one ordered `insertMany` whose documents carry the batch id and size, so readers hide the
 * batch until all of it exists. On a duplicate key the documents inserted before it are
 * removed and the batch rejects with `CONSISTENCY`. A collision with an incomplete batch older
 * than `abandonAfter` (its writer died) removes that batch and tries once more.
 *
 * @internal
 */
export async function insertBatch(ctx: InsertContext, events: readonly Event[], signal?: AbortSignal): Promise<void> {
  if (events.length > 1 && ctx.transactions) return insertInTransaction(ctx, events, signal)
  for (let attempt = 0; ; attempt++) {
    const batch = events.length > 1 ? new ObjectId() : undefined
    const marks = { batch, batchSize: events.length, unpublished: ctx.outbox, readable: ctx.readable }
    const docs = events.map((e) => eventToDoc(e, ctx.codecs, marks))
    throwIfAborted(signal, WHAT)
    const started = Date.now()
    try {
      await ctx.collection.insertMany(docs, { ordered: true })
    } catch (err) {
      // The server refused a document (a duplicate key, or another write error): the ones
      // before it are stored, and can never become a whole batch — remove them. After any
      // other failure (network) the outcome is unknown: leave the batch alone.
      const refusedAt = failedPosition(err)
      const duplicate = isDuplicateKey(err)
      if (batch !== undefined && (duplicate || refusedAt !== undefined) && refusedAt !== 0) {
        await removeBatch(ctx.collection, batch)
      }
      if (!duplicate) throw mapDriverError(err, WHAT)
      const at = refusedAt ?? docs.length
      if (attempt === 0 && at < docs.length && (await clearAbandoned(ctx, docs[at]!))) continue
      throw conflict(events.length, err)
    }
    if (batch !== undefined && Date.now() - started > ctx.abandonAfter / 2)
      await confirmSlowBatch(ctx, batch, events.length)
    return
  }
}

async function insertInTransaction(ctx: InsertContext, events: readonly Event[], signal?: AbortSignal): Promise<void> {
  const docs = events.map((e) => eventToDoc(e, ctx.codecs, { unpublished: ctx.outbox, readable: ctx.readable }))
  throwIfAborted(signal, WHAT)
  const session = ctx.client.startSession()
  try {
    await session.withTransaction(async () => {
      await ctx.collection.insertMany(docs, { ordered: true, session })
    })
  } catch (err) {
    if (isDuplicateKey(err)) throw conflict(events.length, err)
    throw mapDriverError(err, WHAT)
  } finally {
    await session.endSession().catch(() => undefined)
  }
}

/** Removes the documents of a batch (never visible: the batch is incomplete). */
async function removeBatch(collection: Collection<EventDoc>, batch: ObjectId): Promise<void> {
  try {
    await collection.deleteMany({ batch })
  } catch {
    // Left behind, the documents stay invisible; a later writer colliding with them removes them.
  }
}

/**
 * Whether `doc` collided with an incomplete batch older than `abandonAfter`, now removed.
 */
async function clearAbandoned(ctx: InsertContext, doc: EventDoc): Promise<boolean> {
  try {
    return await clearIfAbandoned(ctx, doc)
  } catch {
    return false // the conflict stands
  }
}

async function clearIfAbandoned(ctx: InsertContext, doc: EventDoc): Promise<boolean> {
  const rivals = await ctx.collection
    .find(
      {
        $or: [
          { _id: doc._id },
          ...(doc.aggregateName === undefined
            ? []
            : [
                {
                  aggregateName: doc.aggregateName,
                  aggregateId: doc.aggregateId,
                  aggregateVersion: doc.aggregateVersion,
                },
              ]),
        ],
      },
      { projection: { batch: 1, batchSize: 1 } },
    )
    .toArray()
  let cleared = false
  for (const rival of rivals) {
    if (!inBatch(rival as EventDoc)) return false
    const batch = rival.batch!
    if (Date.now() - batch.getTimestamp().getTime() < ctx.abandonAfter) return false
    if (await batchComplete(ctx.collection, batch, rival.batchSize!, undefined)) return false
    await ctx.collection.deleteMany({ batch })
    cleared = true
  }
  return cleared
}

/**
 * An insert slower than half of `abandonAfter` may have met a writer that took its batch for
 * abandoned: check the batch is whole, else remove what is left and reject.
 */
async function confirmSlowBatch(ctx: InsertContext, batch: ObjectId, size: number): Promise<void> {
  if (await batchComplete(ctx.collection, batch, size, undefined)) return
  await removeBatch(ctx.collection, batch)
  throw new ConsistencyError(
    `The batch of ${size} events took longer than half of abandonAfter (${ctx.abandonAfter} ms) and another writer removed it as abandoned. Nothing of it is stored: retry, and raise abandonAfter above your slowest inserts.`,
  )
}
