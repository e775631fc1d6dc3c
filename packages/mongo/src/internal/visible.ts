import { type Query, validateQuery } from '@goes/core'
import { throwIfAborted } from '@goes/core/backend'
import type { Collection, Filter } from 'mongodb'
import { BatchGate } from './batches.js'
import { mapDriverError } from './errors.js'
import { queryFilter, querySort } from './filter.js'
import { type EventDoc, READ_OPTIONS } from './schema.js'
import { docComparator, docMatcher } from './view.js'

/**
 * What {@link readVisible} reads.
 *
 * @internal
 */
export interface VisibleSpec {
  /** The goes query: filters and sort. Validated on the first step (`INVALID_QUERY`). */
  readonly query?: Query | undefined
  /** A raw condition ANDed to the query's filter, and the same condition in JS (`test`). */
  readonly extra?: { readonly filter: Filter<EventDoc>; readonly test: (doc: EventDoc) => boolean } | undefined
  /** Hand out at most this many documents. */
  readonly limit?: number | undefined
  /** Documents per round trip (the driver's batchSize). */
  readonly batchSize?: number | undefined
  readonly signal?: AbortSignal | undefined
  /** Awaited before the first read (e.g. the store's start-up). */
  readonly before?: (() => Promise<unknown>) | undefined
}

/**
 * Streams the VISIBLE event documents matching `spec`, in the query's sort order: documents of
 * a multi-event batch only when the whole batch exists, and a batch either whole or not at all
 * (see batches.ts). Breaking out of the loop closes the cursor. Errors: `INVALID_QUERY`,
 * `ABORTED` (checked before every document), the mapped driver errors.
 *
 * @example
 * ```ts
 * for await (const doc of readVisible(store.collection, { query: { aggregateNames: ['todo.list'] } })) {}
 * ```
 * @internal
 */
export function readVisible(
  collection: Collection<EventDoc>,
  spec: VisibleSpec = {},
): AsyncGenerator<EventDoc, void, undefined> {
  return mapVisible(collection, spec, (doc) => doc)
}

/** {@link readVisible}, handing out `map(doc)` instead of the document. @internal */
export async function* mapVisible<T>(
  collection: Collection<EventDoc>,
  spec: VisibleSpec,
  map: (doc: EventDoc) => T,
): AsyncGenerator<T, void, undefined> {
  const { query, extra, signal } = spec
  const what = 'Reading events'
  throwIfAborted(signal, what)
  if (query !== undefined) validateQuery(query)
  const limit = spec.limit ?? Number.POSITIVE_INFINITY
  if (limit <= 0) return
  if (spec.before !== undefined) await spec.before()
  const gate = new BatchGate(collection, docMatcher(query, extra?.test), docComparator(query), signal)
  const sort = querySort(query?.sort)
  const cursor = collection.find(queryFilter(query, extra?.filter), {
    ...READ_OPTIONS,
    ...(sort === undefined ? {} : { sort }),
    ...(spec.batchSize === undefined ? {} : { batchSize: spec.batchSize }),
    ...(signal === undefined ? {} : { signal }),
  })
  let emitted = 0
  let done = false
  try {
    for (;;) {
      for (let doc = gate.next(); doc !== undefined; doc = gate.next()) {
        throwIfAborted(signal, what)
        yield map(doc)
        if (++emitted >= limit) return
      }
      if (gate.blocked && (done || gate.shouldResolve())) {
        await gate.resolve()
        continue
      }
      if (done) break
      if (await cursor.hasNext()) gate.add(cursor.readBufferedDocuments() as EventDoc[])
      else done = true
    }
    for (const doc of gate.flush()) {
      throwIfAborted(signal, what)
      yield map(doc)
      if (++emitted >= limit) return
    }
  } catch (err) {
    throw mapDriverError(err, what, signal)
  } finally {
    await cursor.close().catch(() => undefined)
  }
}
