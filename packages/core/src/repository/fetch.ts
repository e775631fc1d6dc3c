import { replayHistory } from '../aggregate/aggregate.js'
import { checkNext, type HistoryCheck, startHistoryCheck, validateHistory } from '../aggregate/history.js'
import type { AggregateRoot } from '../aggregate/types.js'
import { abortError, GoesError, NotFoundError } from '../errors/errors.js'
import type { Event } from '../event/event.js'
import { assertVersion } from '../event/validate.js'
import type { Query } from '../query/types.js'
import type { SnapshotStore } from '../snapshot/snapshot.js'
import type { EventStore } from '../store/store.js'
import { isSnapshotter, restoreSnapshot } from './snapshots.js'
import type { FetchOptions } from './types.js'

const BY_VERSION = [{ by: 'aggregateVersion', dir: 'asc' }] as const

/**
 * Brings `a` up to date (or up to `options.version`): restores the latest usable snapshot when
 * `a` is a Snapshotter, then reads only the events after it, validates them against the
 * aggregate and applies them. Rejects with `AGGREGATE_DELETED` when the result is soft-deleted
 * and `includeDeleted` is not set.
 *
 * @internal
 */
export async function fetchInto(
  store: EventStore,
  snapshots: SnapshotStore | undefined,
  a: AggregateRoot,
  options: FetchOptions,
): Promise<void> {
  const { version, signal } = options
  if (signal?.aborted) throw abortError(signal, 'Repository.fetch()')
  if (a.changes.length > 0) {
    throw new GoesError(
      'INVALID_STATE',
      `Aggregate "${a.aggregateName}" ${a.aggregateId} has ${a.changes.length} uncommitted change(s); fetch into a fresh aggregate (or save or discard the changes first).`,
    )
  }
  if (version !== undefined) {
    assertVersion(version, 'version to fetch')
    if (version < a.aggregateVersion) {
      throw new GoesError(
        'INVALID_VERSION',
        `Aggregate "${a.aggregateName}" ${a.aggregateId} is at version ${a.aggregateVersion} already, past the asked version ${version}. Fetch into a fresh aggregate.`,
      )
    }
  }
  const sig = signal === undefined ? {} : { signal }
  if (snapshots !== undefined && isSnapshotter(a)) {
    const snap = await snapshots.latest(
      a.aggregateName,
      a.aggregateId,
      version === undefined ? sig : { ...sig, maxVersion: version },
    )
    // A snapshot the aggregate is already past is of no use.
    if (snap !== undefined && snap.version > a.aggregateVersion) restoreSnapshot(a, snap)
  }
  const from = a.aggregateVersion + 1
  if (version === undefined || from <= version) {
    const events = await readHistory(store.query(historyQuery(a, from, version), sig), startHistoryCheck(a))
    applyChecked(a, events)
  }
  if (version !== undefined && a.aggregateVersion !== version) {
    throw new NotFoundError(
      `Aggregate "${a.aggregateName}" ${a.aggregateId} has no version ${version}: it only reached version ${a.aggregateVersion}. Fetch without a version for the latest.`,
    )
  }
  if (options.includeDeleted !== true && isSoftDeleted(a)) {
    throw new GoesError(
      'AGGREGATE_DELETED',
      `Aggregate "${a.aggregateName}" ${a.aggregateId} is soft-deleted. To restore it, fetch with { includeDeleted: true }, record its restore event and save.`,
    )
  }
}

/**
 * The query for the aggregate's events from version `from` (up to `to`), in version order.
 * Versions start at 1, so a fetch from the start needs no version filter: the store then has
 * one filter less to check per event.
 */
function historyQuery(a: AggregateRoot, from: number, to: number | undefined): Query {
  const aggregates = [{ name: a.aggregateName, id: a.aggregateId }]
  if (to !== undefined) return { aggregates, aggregateVersions: { min: from, max: to }, sort: BY_VERSION }
  if (from > 1) return { aggregates, aggregateVersions: { min: from }, sort: BY_VERSION }
  return { aggregates, sort: BY_VERSION }
}

/**
 * Reads a history from the store, checking each event as it arrives (one pass, no second walk
 * to validate). It only collects: nothing is applied until the whole history has passed, so a
 * broken history leaves the aggregate as it was.
 */
async function readHistory(events: AsyncIterable<Event>, check: HistoryCheck): Promise<Event[]> {
  const out: Event[] = []
  for await (const e of events) {
    checkNext(check, e)
    out.push(e)
  }
  return out
}

/**
 * Validates `events` against the aggregate (all or nothing: nothing is applied when one is
 * wrong), applies them and checks that `apply` moved the version along.
 *
 * @internal
 */
export function applyHistory(a: AggregateRoot, events: readonly Event[]): void {
  if (events.length === 0) return
  validateHistory(a, events)
  applyChecked(a, events)
}

/** Applies events that passed the history check, then checks that `apply` moved the version along. */
function applyChecked(a: AggregateRoot, events: readonly Event[]): void {
  const n = events.length
  if (n === 0) return
  replayHistory(a, events)
  const last = events[n - 1]!.aggregate!.version
  if (a.aggregateVersion !== last) {
    throw new GoesError(
      'INVALID_STATE',
      `Aggregate "${a.aggregateName}" ${a.aggregateId} reports version ${a.aggregateVersion} after applying events up to version ${last}. apply(event) must move aggregateVersion to the event's version (the Aggregate base class does).`,
    )
  }
}

/** Whether the aggregate declares itself soft-deleted (the `softDeleted` getter of `Aggregate`). @internal */
export function isSoftDeleted(a: AggregateRoot): boolean {
  return (a as { softDeleted?: unknown }).softDeleted === true
}
