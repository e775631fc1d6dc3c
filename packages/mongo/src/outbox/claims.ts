import type { Collection, Db, ObjectId } from 'mongodb'
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

  /** The lease this relay now holds on `key`, or undefined when another relay holds it or won the race. */
  async take(key: string, signal?: AbortSignal): Promise<ObjectId | undefined> {
    await this.#ready(signal)
    const latest = await driverCall('Reading an outbox lease', signal, () =>
      this.collection.findOne({ k: key }, { sort: { a: -1 }, signal }),
    )
    if (latest !== null && latest.exp.getTime() > Date.now()) return undefined
    const doc: ClaimDoc = { k: key, a: (latest?.a ?? -1) + 1, exp: new Date(Date.now() + this.#ttlMs), by: this.#owner }
    try {
      const { insertedId } = await driverCall('Taking an outbox lease', signal, () => this.collection.insertOne(doc))
      return insertedId
    } catch (err) {
      if (isDuplicateKey(err)) return undefined
      throw err
    }
  }

  /**
   * Ends a lease early (its expiry becomes now), so the next relay need not wait for it. The
   * ended lease stays stored for a while: the latest lease of a key must outlive every relay
   * that read it and is about to insert the next one (see prune).
   */
  async release(lease: ObjectId): Promise<void> {
    await driverCall('Releasing an outbox lease', undefined, () =>
      this.collection.updateOne({ _id: lease }, { $set: { exp: new Date() } }),
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
