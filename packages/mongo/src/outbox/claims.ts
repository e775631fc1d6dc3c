import { type Collection, type Db, ObjectId } from 'mongodb'
import { driverCall, isDuplicateKey, uniqueIndexOnce } from '../model/driver.js'

/**
 * One lease: relay `by` publishes the unpublished events keyed `k` (an aggregate, or one
 * aggregate-less event) until `exp`. `a` numbers the leases of one key: 0, 1, 2, …
 *
 * @internal
 */
export interface ClaimDoc {
  _id?: ObjectId
  k: string
  a: number
  exp: Date
  by: string
}

/**
 * Leases on the events of one aggregate, taken by unique-index INSERTS only: (key, number) is
 * unique, so of several relays inserting the next lease of a key exactly one wins. The next
 * lease may be inserted only when the latest one is released (by its holder, when done) or
 * expired (its holder died or hangs). No update ever decides who holds a lease — conditional
 * updates are not atomic on every server; the holder's release is a plain write to its own
 * lease document, which nobody else writes.
 *
 * @internal
 */
export class Claims {
  readonly collection: Collection<ClaimDoc>
  readonly #ready: (signal: AbortSignal | undefined) => Promise<void>
  readonly #ttlMs: number
  readonly #owner: string

  constructor(db: Db, name: string, ttlMs: number, owner: string) {
    this.collection = db.collection<ClaimDoc>(name)
    this.#ready = uniqueIndexOnce(this.collection, { k: 1, a: -1 }, 'goes_outbox_claim')
    this.#ttlMs = ttlMs
    this.#owner = owner
  }

  /**
   * Takes the next lease of every key whose latest lease is released or expired, in two
   * round trips (one read, one unordered insert). Returns the leases this relay now holds, by
   * key; the other keys are held by other relays (or they won the race for them).
   */
  async take(keys: readonly string[], signal?: AbortSignal): Promise<Map<string, ObjectId>> {
    const held = new Map<string, ObjectId>()
    if (keys.length === 0) return held
    await this.#ready(signal)
    const latest = new Map<string, ClaimDoc>()
    const existing = await driverCall('Reading outbox leases', signal, () =>
      this.collection.find({ k: { $in: [...keys] } }, { sort: { k: 1, a: -1 }, signal }).toArray(),
    )
    for (const doc of existing) if (!latest.has(doc.k)) latest.set(doc.k, doc)
    const now = Date.now()
    const docs: (ClaimDoc & { _id: ObjectId })[] = []
    for (const k of keys) {
      const last = latest.get(k)
      if (last !== undefined && last.exp.getTime() > now) continue
      docs.push({ _id: new ObjectId(), k, a: (last?.a ?? -1) + 1, exp: new Date(now + this.#ttlMs), by: this.#owner })
    }
    if (docs.length === 0) return held
    let lost = new Set<number>()
    try {
      await driverCall('Taking outbox leases', signal, () => this.collection.insertMany(docs, { ordered: false }))
    } catch (err) {
      lost = duplicatePositions(err, docs.length)
    }
    docs.forEach((d, i) => {
      if (!lost.has(i)) held.set(d.k, d._id)
    })
    return held
  }

  /**
   * Ends a lease early (its expiry becomes now), so the next relay need not wait for it. The
   * ended lease stays stored for a while: the latest lease of a key must outlive every relay
   * that read it and is about to insert the next one (see prune).
   */
  async release(leases: Iterable<ObjectId>): Promise<void> {
    const ids = [...leases]
    if (ids.length === 0) return
    await driverCall('Releasing outbox leases', undefined, () =>
      this.collection.updateMany({ _id: { $in: ids } }, { $set: { exp: new Date() } }),
    )
  }

  /**
   * Removes leases that ended more than `keepMs` ago. Only the latest lease of a key matters,
   * and only to a relay between reading it and inserting the next; `keepMs` is far longer.
   */
  async prune(keepMs: number, signal?: AbortSignal): Promise<void> {
    await this.#ready(signal)
    const before = new Date(Date.now() - keepMs)
    await driverCall('Pruning outbox leases', signal, () => this.collection.deleteMany({ exp: { $lt: before } }))
  }
}

// The positions an unordered insertMany refused as duplicates; any other failure is rethrown.
function duplicatePositions(err: unknown, count: number): Set<number> {
  const list = (err as { writeErrors?: unknown }).writeErrors
  const writeErrors = (Array.isArray(list) ? list : list === undefined ? [] : [list]) as {
    index?: unknown
    code?: unknown
  }[]
  const all = new Set(Array.from({ length: count }, (_, i) => i))
  // A duplicate without positions: count every lease as lost (the inserted ones expire unused).
  if (writeErrors.length === 0) {
    if (isDuplicateKey(err)) return all
    throw err
  }
  if (!writeErrors.every((w) => w.code === 11000 && typeof w.index === 'number')) throw err
  const lost = new Set(writeErrors.map((w) => w.index as number))
  return lost.size <= count ? lost : all
}
