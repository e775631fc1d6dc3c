import {
  assertName,
  assertUUID,
  type CleanupSnapshotOptions,
  type LatestSnapshotOptions,
  type SignalOptions,
  type Snapshot,
  type SnapshotStore,
} from '@goes/core'
import { assertSnapshot, optionChecks } from '@goes/core/backend'
import { type Binary, type Collection, type Db, UUID } from 'mongodb'
import { driverCall, isDuplicateKey, uniqueIndexOnce } from '../model/driver.js'
import { decodeValue, encodeValue } from '../model/plain.js'
import type { MongoSnapshotStoreOptions, SnapshotDoc } from './options.js'

const check = optionChecks('MongoSnapshotStore')

/**
 * Snapshots on MongoDB: one document per (aggregate name, aggregate id, version) under a
 * unique index, so racing saves of one version leave exactly one of them. Passes the snapshot
 * conformance suite of `@goes/testing` (on FerretDB too: no transactions, no conditional
 * updates needed).
 *
 * @example
 * ```ts
 * const snapshots = new MongoSnapshotStore(client.db('todo'))
 * const repo = new Repository(store, { snapshots: { store: snapshots, every: 50, keep: 2 } })
 * ```
 * @public
 */
export class MongoSnapshotStore implements SnapshotStore {
  readonly #collection: Collection<SnapshotDoc>
  readonly #options: MongoSnapshotStoreOptions
  readonly #ready: (signal: AbortSignal | undefined) => Promise<void>

  constructor(db: Db, options: MongoSnapshotStoreOptions = {}) {
    this.#options = options
    this.#collection = db.collection<SnapshotDoc>(options.collection ?? 'goes_snapshots')
    this.#ready = uniqueIndexOnce(this.#collection, { n: 1, i: 1, v: -1 }, 'goes_snapshot_version')
  }

  /** The collection holding the snapshots. */
  get collection(): Collection<SnapshotDoc> {
    return this.#collection
  }

  async save(snapshot: Snapshot, options?: SignalOptions): Promise<void> {
    assertSnapshot(snapshot)
    const signal = options?.signal
    const doc: SnapshotDoc = {
      n: snapshot.aggregateName,
      i: new UUID(snapshot.aggregateId),
      v: snapshot.version,
      t: new Date(snapshot.time.getTime()),
      ...encodeValue(snapshot.state, this.#options.codec),
    }
    await this.#ready(signal)
    const key = { n: doc.n, i: doc.i, v: doc.v }
    // Two racing upserts of a new key: one inserts, the other may fail on the unique index;
    // it then replaces the document the winner inserted.
    for (let attempt = 1; ; attempt++) {
      try {
        await driverCall('MongoSnapshotStore.save()', signal, () =>
          this.#collection.replaceOne(key, doc, { upsert: true }),
        )
        return
      } catch (err) {
        if (!isDuplicateKey(err) || attempt >= 5) throw err
      }
    }
  }

  async latest(
    aggregateName: string,
    aggregateId: string,
    options: LatestSnapshotOptions = {},
  ): Promise<Snapshot | undefined> {
    const key = aggregateKey(aggregateName, aggregateId, 'latest() call')
    const max =
      options.maxVersion === undefined
        ? undefined
        : check.integer('maxVersion', options.maxVersion, {
            min: 0,
            fix: 'Pass the highest aggregate version to accept, or omit it.',
          })
    const signal = options.signal
    await this.#ready(signal)
    const filter = max === undefined ? key : { ...key, v: { $lte: max } }
    const doc = await driverCall('MongoSnapshotStore.latest()', signal, () =>
      this.#collection.findOne(filter, { sort: { v: -1 }, signal }),
    )
    if (doc === null) return undefined
    return {
      aggregateName,
      aggregateId,
      version: doc.v,
      time: doc.t,
      state: decodeValue(doc as { s?: unknown; j?: Binary }, this.#options.codec, 'snapshot state'),
    }
  }

  async delete(aggregateName: string, aggregateId: string, options?: SignalOptions): Promise<void> {
    const key = aggregateKey(aggregateName, aggregateId, 'delete() call')
    const signal = options?.signal
    await this.#ready(signal)
    await driverCall('MongoSnapshotStore.delete()', signal, () => this.#collection.deleteMany(key))
  }

  async cleanup(aggregateName: string, aggregateId: string, options: CleanupSnapshotOptions): Promise<void> {
    const key = aggregateKey(aggregateName, aggregateId, 'cleanup() call')
    const keep = check.integer('keepLatest', options?.keepLatest, {
      min: 0,
      fix: 'Pass how many of the newest snapshots to keep, e.g. { keepLatest: 2 }.',
    })
    const signal = options.signal
    await this.#ready(signal)
    const what = 'MongoSnapshotStore.cleanup()'
    if (keep === 0) {
      await driverCall(what, signal, () => this.#collection.deleteMany(key))
      return
    }
    // The oldest snapshot to keep; everything below it goes.
    const oldestKept = await driverCall(what, signal, () =>
      this.#collection.findOne(key, { sort: { v: -1 }, skip: keep - 1, projection: { v: 1 }, signal }),
    )
    if (oldestKept === null) return
    await driverCall(what, signal, () => this.#collection.deleteMany({ ...key, v: { $lt: oldestKept.v } }))
  }
}

function aggregateKey(name: unknown, id: unknown, what: string): { n: string; i: UUID } {
  assertName(name, `aggregate name of the ${what}`)
  assertUUID(id, `The aggregate id of the ${what}`)
  return { n: name, i: new UUID(id) }
}
