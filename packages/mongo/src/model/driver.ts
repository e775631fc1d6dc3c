import type { Collection, Document, IndexSpecification } from 'mongodb'
import { driverCall } from '../internal/errors.js'

// Helpers of the snapshot store, model repository, outbox and view; driver errors are mapped in
// ../internal/errors.ts (one place for the package).

export { driverCall, isDuplicateKey } from '../internal/errors.js'

/**
 * Creates a unique index the first time the returned function is called; later calls wait
 * for the same creation. A failed creation is retried by the next call.
 *
 * @internal
 */
export function uniqueIndexOnce<T extends Document>(
  collection: Collection<T>,
  keys: IndexSpecification,
  name: string,
): (signal: AbortSignal | undefined) => Promise<void> {
  let created: Promise<void> | undefined
  return (signal) => {
    created ??= collection.createIndex(keys, { unique: true, name }).then(
      () => undefined,
      (err: unknown) => {
        created = undefined
        throw err
      },
    )
    const pending = created
    return driverCall(`Creating the index ${name}`, signal, () => pending)
  }
}
