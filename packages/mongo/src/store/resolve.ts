import { GoesError } from '@goes/core'
import { INDEX_NAMES, type MongoStoreIndex } from './indices.js'
import type { MongoStoreOptions } from './options.js'

/** The options with defaults applied, checked (`INVALID_OPTION`). @internal */
export interface ResolvedOptions {
  readonly indices: readonly MongoStoreIndex[]
  readonly transactions: 'auto' | 'never'
  readonly abandonAfter: number
  readonly readBatchSize: number
}

/** Checks the options and applies the defaults. @internal */
export function resolveOptions(o: MongoStoreOptions): ResolvedOptions {
  if (typeof o !== 'object' || o === null) invalid('options', 'must be an object')
  const indices = o.indices ?? []
  if (!Array.isArray(indices)) invalid('indices', `must be an array of ${INDEX_NAMES.join(', ')}`)
  for (const name of indices) {
    if (!INDEX_NAMES.includes(name))
      invalid('indices', `has ${JSON.stringify(name)}; known indexes are ${INDEX_NAMES.join(', ')}`)
  }
  const transactions = o.transactions ?? 'auto'
  if (transactions !== 'auto' && transactions !== 'never') invalid('transactions', "must be 'auto' or 'never'")
  const abandonAfter = o.abandonAfter ?? 30_000
  if (typeof abandonAfter !== 'number' || !Number.isFinite(abandonAfter) || abandonAfter < 1000) {
    invalid('abandonAfter', 'must be a number of milliseconds ≥ 1000')
  }
  if (o.collection !== undefined && (typeof o.collection !== 'string' || o.collection === '')) {
    invalid('collection', 'must be a non-empty collection name')
  }
  const readBatchSize = o.readBatchSize ?? 1000
  if (!Number.isSafeInteger(readBatchSize) || readBatchSize < 1) invalid('readBatchSize', 'must be an integer ≥ 1')
  return { indices, transactions, abandonAfter, readBatchSize }
}

function invalid(option: string, problem: string): never {
  throw new GoesError(
    'INVALID_OPTION',
    `The MongoStore option ${option} ${problem}. Fix it, or leave it out for the default.`,
  )
}
