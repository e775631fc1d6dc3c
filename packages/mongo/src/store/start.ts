import type { CodecRegistry } from '@goes/core'
import type { Collection, Db } from 'mongodb'
import { capabilities } from '../internal/capabilities.js'
import { driverCall } from '../internal/errors.js'
import type { EventDoc } from '../internal/schema.js'
import { createIndexes, indexesFor } from './indices.js'
import type { InsertContext } from './insert.js'
import type { ResolvedOptions } from './resolve.js'

/** What a store starts with. @internal */
export interface StartSpec {
  readonly collection: Collection<EventDoc>
  readonly codecs: CodecRegistry
  readonly outbox: boolean
  readonly readable: boolean
  readonly options: ResolvedOptions
}

/**
 * A store's start-up, run once: creates the indexes (idempotently) and, with
 * `transactions: 'auto'`, asks the server whether it has transactions.
 *
 * @internal
 */
export async function startStore(db: Db, spec: StartSpec): Promise<InsertContext> {
  const o = spec.options
  await driverCall('Creating the indexes of the events collection', undefined, () =>
    createIndexes(spec.collection, indexesFor(o.indices, spec.outbox)),
  )
  const server = o.transactions === 'auto' ? await capabilities(db) : undefined
  const transactions = server?.transactions === true
  return {
    status: { batches: transactions ? 'transactions' : 'markers', server },
    collection: spec.collection,
    client: db.client,
    codecs: spec.codecs,
    outbox: spec.outbox,
    readable: spec.readable,
    transactions,
    abandonAfter: o.abandonAfter,
  }
}
