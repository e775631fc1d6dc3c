import { GoesError } from '@goes/core'
import { type Collection, ObjectId } from 'mongodb'
import { driverCall, isDuplicateKey } from './driver.js'
import type { ModelDoc } from './options.js'
import type { StoredValue } from './plain.js'

// How many of the versions it was built on each version names in `a`.
const ANCESTORS = 8

/**
 * Inserts the version of model `id` after `current` (version 1 after none) and prunes the older
 * versions. Resolves with the new version, or undefined when another writer got there first.
 *
 * The unique (id, version) index refuses a second version n+1 only while the first is stored.
 * Pruning removes it once n+2 is saved, so a writer that read version n before two quick
 * saves of others could insert an n+1 nobody reads again, and its update would be lost. So
 * every version names the versions it was built on (`a`, newest first), and after inserting,
 * the writer looks at the lowest version above its own: none, or one built on it, means it won;
 * one built on another n+1 means it was late — it removes its document and reports the loss.
 * (Only when more than {@link ANCESTORS} versions were saved on top between its insert and
 * that look can it not tell; it then fails with `UNAVAILABLE` instead of guessing.)
 *
 * @internal
 */
export async function insertVersion(
  collection: Collection<ModelDoc>,
  id: string,
  current: ModelDoc | null,
  value: StoredValue | { d: true },
  signal: AbortSignal | undefined,
): Promise<number | undefined> {
  const v = (current?.v ?? 0) + 1
  const a = current?._id === undefined ? [] : [current._id, ...(current.a ?? [])].slice(0, ANCESTORS)
  const _id = new ObjectId()
  try {
    await driverCall('Saving a model', signal, () =>
      collection.insertOne({ _id, m: id, v, t: new Date(), a, ...value }),
    )
  } catch (err) {
    if (isDuplicateKey(err)) return undefined
    throw err
  }
  // Not aborted from here on: the insert happened, and only the check tells what it means.
  // Pruning alongside is safe either way: below v nothing is the newest version.
  const [above] = await Promise.all([
    driverCall('Checking a saved model', undefined, () =>
      collection.findOne({ m: id, v: { $gt: v } }, { sort: { v: 1 }, projection: { v: 1, a: 1 } }),
    ),
    collection.deleteMany({ m: id, v: { $lt: v } }).catch(() => undefined), // a failed prune waits for the next save
  ])
  if (above === null) return v
  const ancestor = above.a?.[above.v - v - 1]
  if (ancestor?.equals(_id) === true) return v
  if (ancestor === undefined && above.v - v > ANCESTORS) {
    throw new GoesError(
      'UNAVAILABLE',
      `Saving model ${JSON.stringify(id)} in ${collection.collectionName} at version ${v} may or may not have taken effect: ` +
        `${above.v - v} newer versions were saved before it could check. Fetch the model to see whether the change is in, then redo it if not.`,
    )
  }
  await collection.deleteOne({ _id }).catch(() => undefined) // late: nobody reads it; pruned later if this fails
  return undefined
}
