import type { AggregateBaseState } from '../aggregate/aggregate.js'
import type { AggregateRoot, Snapshotter } from '../aggregate/types.js'
import { GoesError } from '../errors/errors.js'
import type { Snapshot, SnapshotStore } from '../snapshot/snapshot.js'
import type { RepositorySnapshotState } from './types.js'

// What an `Aggregate` adds besides the Snapshotter methods: its base state, which the
// subclass' snapshot() does not cover (version, tags, soft-delete flag).
interface WithBaseState {
  baseState(): AggregateBaseState
  restoreBaseState(state: AggregateBaseState): void
}

/** Whether the aggregate can be snapshotted (implements `Snapshotter`). @internal */
export function isSnapshotter(a: AggregateRoot): a is AggregateRoot & Snapshotter {
  const s = a as Partial<Snapshotter>
  return typeof s.snapshot === 'function' && typeof s.restore === 'function'
}

function hasBaseState(a: object): a is WithBaseState {
  const b = a as Partial<WithBaseState>
  return typeof b.baseState === 'function' && typeof b.restoreBaseState === 'function'
}

/** The snapshot of the aggregate at its committed version. @internal */
export function snapshotOf(a: AggregateRoot & Snapshotter): Snapshot<RepositorySnapshotState> {
  const state: RepositorySnapshotState = hasBaseState(a)
    ? { state: a.snapshot(), base: a.baseState() }
    : { state: a.snapshot() }
  return {
    aggregateName: a.aggregateName,
    aggregateId: a.aggregateId,
    version: a.aggregateVersion,
    time: new Date(),
    state,
  }
}

/**
 * Restores a snapshot into a fresh aggregate: the subclass' state first, then the base state.
 * A snapshot that was not taken by a repository (no `{ state }` object), or that lacks the
 * base state an `Aggregate` needs, rejects with `INVALID_STATE` rather than being half applied.
 *
 * @internal
 */
export function restoreSnapshot(a: AggregateRoot & Snapshotter, snapshot: Snapshot): void {
  const payload = snapshot.state as Partial<RepositorySnapshotState> | null
  const where = `The snapshot of aggregate "${snapshot.aggregateName}" ${snapshot.aggregateId} at version ${snapshot.version}`
  const fix =
    'Take snapshots through the repository (save with snapshots.every, or repo.snapshot()), or delete this one.'
  if (typeof payload !== 'object' || payload === null || !('state' in payload)) {
    throw new GoesError('INVALID_STATE', `${where} is not a repository snapshot ({ state, base? }). ${fix}`)
  }
  const base = hasBaseState(a) ? payload.base : undefined
  if (hasBaseState(a) && (typeof base !== 'object' || base === null)) {
    throw new GoesError('INVALID_STATE', `${where} has no base state (version, tags, soft delete). ${fix}`)
  }
  a.restore(payload.state, snapshot.version)
  // The snapshot's own version is what the events after it are read from: it wins.
  if (base !== undefined && hasBaseState(a)) a.restoreBaseState({ ...base, version: snapshot.version })
  if (a.aggregateVersion !== snapshot.version) {
    throw new GoesError(
      'INVALID_STATE',
      `${where} was restored, but the aggregate reports version ${a.aggregateVersion}. restore(state, version) must set aggregateVersion to the version it is given.`,
    )
  }
}

/**
 * Takes a snapshot and trims old ones to `keep`. Errors go to the caller (the repository
 * reports scheduled ones to `onError`).
 *
 * @internal
 */
export async function storeSnapshot(
  store: SnapshotStore,
  a: AggregateRoot & Snapshotter,
  keep: number | undefined,
  signal: AbortSignal | undefined,
): Promise<void> {
  const opts = signal === undefined ? {} : { signal }
  await store.save(snapshotOf(a), opts)
  if (keep !== undefined) await store.cleanup(a.aggregateName, a.aggregateId, { ...opts, keepLatest: keep })
}
