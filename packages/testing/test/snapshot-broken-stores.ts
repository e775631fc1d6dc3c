// Deliberately broken snapshot stores for the snapshot suite's self-test: one naive store whose
// flags each switch on one realistic bug.
import { GoesError, type SignalOptions, type Snapshot, type SnapshotStore } from '@goes/core'
import { abortError, assertSnapshot } from '@goes/core/backend'

export interface Bugs {
  /** latest() ignores maxVersion. */
  ignoreMaxVersion?: boolean
  /** latest() returns the last saved snapshot instead of the highest version. */
  lastSavedWins?: boolean
  /** latest() of an aggregate without snapshots returns null. */
  nullForNone?: boolean
  /** The state is kept and returned by reference. */
  byReference?: boolean
  /** cleanup() keeps the oldest snapshots instead of the newest. */
  cleanupKeepsOldest?: boolean
  /** Snapshots are keyed by aggregate id alone. */
  idOnlyKey?: boolean
  /** save() does not validate. */
  noValidation?: boolean
}

export class BuggySnapshotStore implements SnapshotStore {
  readonly #saved: Snapshot[] = [] // in save order
  constructor(readonly bugs: Bugs) {}

  #same(s: Snapshot, name: string, id: string): boolean {
    return s.aggregateId === id && (this.bugs.idOnlyKey === true || s.aggregateName === name)
  }

  async save(snapshot: Snapshot, options?: SignalOptions): Promise<void> {
    if (options?.signal?.aborted) throw abortError(options.signal, 'save')
    if (this.bugs.noValidation !== true) assertSnapshot(snapshot)
    const state = this.bugs.byReference === true ? snapshot.state : structuredClone(snapshot.state)
    const at = this.#saved.findIndex(
      (s) => this.#same(s, snapshot.aggregateName, snapshot.aggregateId) && s.version === snapshot.version,
    )
    if (at !== -1) this.#saved.splice(at, 1)
    this.#saved.push({ ...snapshot, state })
  }

  async latest(name: string, id: string, options: { maxVersion?: number } & SignalOptions = {}) {
    if (options.signal?.aborted) throw abortError(options.signal, 'latest')
    assertSnapshot({ aggregateName: name, aggregateId: id, version: 1, time: new Date(), state: null })
    const max = options.maxVersion
    if (max !== undefined && (!Number.isSafeInteger(max) || max < 0)) {
      throw new GoesError('INVALID_OPTION', 'bad maxVersion')
    }
    let found: Snapshot | undefined
    for (const s of this.#saved) {
      if (!this.#same(s, name, id)) continue
      if (this.bugs.ignoreMaxVersion !== true && max !== undefined && s.version > max) continue
      if (found === undefined || this.bugs.lastSavedWins === true || s.version > found.version) found = s
    }
    if (found === undefined) return this.bugs.nullForNone === true ? (null as unknown as undefined) : undefined
    return this.bugs.byReference === true ? found : { ...found, state: structuredClone(found.state) }
  }

  async delete(name: string, id: string, options?: SignalOptions): Promise<void> {
    if (options?.signal?.aborted) throw abortError(options.signal, 'delete')
    assertSnapshot({ aggregateName: name, aggregateId: id, version: 1, time: new Date(), state: null })
    for (let i = this.#saved.length - 1; i >= 0; i--)
      if (this.#same(this.#saved[i]!, name, id)) this.#saved.splice(i, 1)
  }

  async cleanup(name: string, id: string, options: { keepLatest: number } & SignalOptions): Promise<void> {
    if (options?.signal?.aborted) throw abortError(options.signal, 'cleanup')
    assertSnapshot({ aggregateName: name, aggregateId: id, version: 1, time: new Date(), state: null })
    const keep = options?.keepLatest
    if (typeof keep !== 'number' || !Number.isSafeInteger(keep) || keep < 0) {
      throw new GoesError('INVALID_OPTION', 'bad keepLatest')
    }
    const mine = this.#saved.filter((s) => this.#same(s, name, id)).sort((a, b) => a.version - b.version)
    const doomed = new Set(
      this.bugs.cleanupKeepsOldest === true ? mine.slice(keep) : mine.slice(0, Math.max(0, mine.length - keep)),
    )
    for (let i = this.#saved.length - 1; i >= 0; i--) if (doomed.has(this.#saved[i]!)) this.#saved.splice(i, 1)
  }
}
