import { optionChecks } from '@goes/core/backend'
import { INDEX_NAMES, type MongoStoreIndex } from './indices.js'
import type { MongoStoreOptions } from './options.js'

/** The options with defaults applied, checked (`INVALID_OPTION`). @internal */
export interface ResolvedOptions {
  readonly indices: readonly MongoStoreIndex[]
  readonly transactions: 'auto' | 'never'
  readonly abandonAfter: number
  readonly readBatchSize: number
}

const check = optionChecks('MongoStore')

/** Checks the options and applies the defaults. @internal */
export function resolveOptions(options: MongoStoreOptions): ResolvedOptions {
  const o = check.object(options)
  const indices = o.indices ?? []
  if (!Array.isArray(indices)) throw check.invalid('indices', indices, `an array of ${INDEX_NAMES.join(', ')}`)
  for (const name of indices) {
    if (!INDEX_NAMES.includes(name)) throw check.invalid('indices', name, `one of ${INDEX_NAMES.join(', ')}`)
  }
  const abandonAfter = o.abandonAfter ?? 30_000
  if (typeof abandonAfter !== 'number' || !Number.isFinite(abandonAfter) || abandonAfter < 1000) {
    throw check.invalid('abandonAfter', abandonAfter, 'a number of milliseconds ≥ 1000')
  }
  if (o.collection !== undefined && (typeof o.collection !== 'string' || o.collection === '')) {
    throw check.invalid('collection', o.collection, 'a non-empty collection name')
  }
  return {
    indices,
    transactions: check.choice('transactions', o.transactions, ['auto', 'never'] as const, 'auto'),
    abandonAfter,
    readBatchSize: check.integer('readBatchSize', o.readBatchSize, { fallback: 1000 }),
  }
}
