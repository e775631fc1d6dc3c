import { abortError, GoesError } from '../errors/errors.js'
import { optionChecks } from '../options/check.js'
import type { SignalOptions } from '../stream/signal.js'
import type { CleanupSnapshotOptions, LatestSnapshotOptions, Snapshot, SnapshotStore } from './snapshot.js'
import { assertAggregate, assertSnapshot } from './validate.js'

const check = optionChecks('MemorySnapshotStore')

/**
 * The in-memory snapshot store: for tests, prototypes and single-process apps. Passes the
 * snapshot conformance suite.
 *
 * State is kept as data, not encoded: `save` stores a `structuredClone` of it and `latest`
 * hands out a fresh clone, so neither the aggregate's later changes nor a caller's edits reach
 * the stored copy. Backends encode state with a codec instead, so keep state to plain data.
 *
 * @example
 * ```ts
 * const snapshots = new MemorySnapshotStore()
 * const repo = new Repository(store, { snapshots: { store: snapshots, every: 50, keep: 2 } })
 * ```
 * @public
 */
export class MemorySnapshotStore implements SnapshotStore {
  // Per aggregate, its snapshots in ascending version order (few per aggregate: cleanup trims them).
  readonly #byAggregate = new Map<string, Snapshot[]>()

  /** How many snapshots are stored, over all aggregates. */
  get size(): number {
    let n = 0
    for (const list of this.#byAggregate.values()) n += list.length
    return n
  }

  async save(snapshot: Snapshot, options?: SignalOptions): Promise<void> {
    checkSignal(options?.signal, 'save')
    assertSnapshot(snapshot)
    const stored: Snapshot = Object.freeze({
      aggregateName: snapshot.aggregateName,
      aggregateId: snapshot.aggregateId,
      version: snapshot.version,
      time: new Date(snapshot.time.getTime()),
      state: copyState(snapshot),
    })
    const k = key(snapshot.aggregateName, snapshot.aggregateId)
    let list = this.#byAggregate.get(k)
    if (list === undefined) this.#byAggregate.set(k, (list = []))
    const at = upperBound(list, stored.version)
    if (at > 0 && list[at - 1]!.version === stored.version) list[at - 1] = stored
    else list.splice(at, 0, stored)
  }

  async latest(
    aggregateName: string,
    aggregateId: string,
    options: LatestSnapshotOptions = {},
  ): Promise<Snapshot | undefined> {
    checkSignal(options.signal, 'latest')
    assertAggregate(aggregateName, aggregateId, 'latest() call')
    const max =
      options.maxVersion === undefined
        ? Number.MAX_SAFE_INTEGER
        : check.integer('maxVersion', options.maxVersion, {
            min: 0,
            fix: 'Pass the highest aggregate version to accept, or omit it.',
          })
    const list = this.#byAggregate.get(key(aggregateName, aggregateId))
    if (list === undefined) return undefined
    const at = upperBound(list, max)
    if (at === 0) return undefined
    const s = list[at - 1]!
    return { ...s, time: new Date(s.time.getTime()), state: structuredClone(s.state) }
  }

  async delete(aggregateName: string, aggregateId: string, options?: SignalOptions): Promise<void> {
    checkSignal(options?.signal, 'delete')
    assertAggregate(aggregateName, aggregateId, 'delete() call')
    this.#byAggregate.delete(key(aggregateName, aggregateId))
  }

  async cleanup(aggregateName: string, aggregateId: string, options: CleanupSnapshotOptions): Promise<void> {
    checkSignal(options?.signal, 'cleanup')
    assertAggregate(aggregateName, aggregateId, 'cleanup() call')
    const keep = check.integer('keepLatest', options?.keepLatest, {
      min: 0,
      fix: 'Pass how many of the newest snapshots to keep, e.g. { keepLatest: 2 }.',
    })
    const k = key(aggregateName, aggregateId)
    const list = this.#byAggregate.get(k)
    if (list === undefined || list.length <= keep) return
    if (keep === 0) this.#byAggregate.delete(k)
    else list.splice(0, list.length - keep)
  }
}

// A NUL byte cannot occur in a valid name, so the key is unambiguous.
function key(name: string, id: string): string {
  return `${name}\u0000${id}`
}

// The index of the first snapshot with a version above `version`.
function upperBound(list: readonly Snapshot[], version: number): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (list[mid]!.version <= version) lo = mid + 1
    else hi = mid
  }
  return lo
}

function checkSignal(signal: AbortSignal | undefined, method: string): void {
  if (signal?.aborted) throw abortError(signal, `MemorySnapshotStore.${method}()`)
}

function copyState(s: Snapshot): unknown {
  try {
    return structuredClone(s.state)
  } catch (err) {
    throw new GoesError(
      'ENCODE_FAILED',
      `The state of the snapshot of ${s.aggregateName} ${s.aggregateId} at version ${s.version} cannot be copied: ` +
        'it holds something that is not data (a function, a class with private fields, …). ' +
        'Return plain data from snapshot() — objects, arrays, strings, numbers, booleans, null.',
      { cause: err },
    )
  }
}
