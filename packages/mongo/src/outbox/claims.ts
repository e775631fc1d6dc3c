import type { Collection, Db } from 'mongodb'
import { driverCall, isDuplicateKey, uniqueIndexOnce } from '../model/driver.js'

/** One claim: relay `by` publishes the events keyed `k` until `exp`; `a` counts takeovers. @internal */
export interface ClaimDoc {
  k: string
  a: number
  exp: Date
  by: string
}

/**
 * Claims on units of publishing work (an aggregate's run of unpublished events, keyed by its
 * lowest version), taken by unique-index INSERTS only: (key, attempt) is unique, so of several
 * relays inserting the same claim exactly one wins. A claim whose holder died is taken over
 * after it expired by inserting the next attempt — again one winner. No update ever decides
 * who holds a claim (conditional updates are not atomic on every server).
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

  /** Whether this relay now holds the claim on `key` (false: another relay holds it or won the race). */
  async take(key: string, signal?: AbortSignal): Promise<boolean> {
    await this.#ready(signal)
    if (await this.#insert(key, 0, signal)) return true
    const latest = await driverCall(signal, 'Reading an outbox claim', () =>
      this.collection.findOne({ k: key }, { sort: { a: -1 }, signal }),
    )
    // Pruned in between: the first attempt's slot is free again.
    if (latest === null) return this.#insert(key, 0, signal)
    // A live claim of another relay blocks; this relay's own (a failed round) and expired ones do not.
    if (latest.by !== this.#owner && latest.exp.getTime() > Date.now()) return false
    return this.#insert(key, latest.a + 1, signal)
  }

  /** Removes claims that expired more than `keepMs` ago (their work is done or abandoned). */
  async prune(keepMs: number, signal?: AbortSignal): Promise<void> {
    await this.#ready(signal)
    const before = new Date(Date.now() - keepMs)
    await driverCall(signal, 'Pruning outbox claims', () => this.collection.deleteMany({ exp: { $lt: before } }))
  }

  async #insert(k: string, a: number, signal: AbortSignal | undefined): Promise<boolean> {
    try {
      await driverCall(signal, 'Taking an outbox claim', () =>
        this.collection.insertOne({ k, a, exp: new Date(Date.now() + this.#ttlMs), by: this.#owner }),
      )
      return true
    } catch (err) {
      if (isDuplicateKey(err)) return false
      throw err
    }
  }
}
