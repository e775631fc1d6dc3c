import type { AggregateBaseState } from '../aggregate/aggregate.js'
import type { AggregateFactory, AggregateRoot } from '../aggregate/types.js'
import type { Event } from '../event/event.js'
import type { SnapshotSchedule } from '../snapshot/schedule.js'
import type { SnapshotStore } from '../snapshot/snapshot.js'
import type { SignalOptions } from '../stream/signal.js'

/**
 * What the insert hooks receive: the aggregate being saved and the events of this save.
 *
 * @example
 * ```ts
 * const audit = ({ aggregate, events }: InsertHookContext) => log(aggregate.aggregateId, events.length)
 * ```
 * @public
 */
export interface InsertHookContext {
  readonly aggregate: AggregateRoot
  /** The events being inserted (the aggregate's changes), oldest first. */
  readonly events: readonly Event[]
  readonly signal?: AbortSignal | undefined
}

/**
 * Hooks around the insert of {@link Repository.save}.
 *
 * - `beforeInsert` runs after validation, before the insert; throwing rejects the save and
 *   nothing is inserted.
 * - `afterInsert` runs once the events are stored and the aggregate committed; throwing
 *   rejects the save with that error but undoes nothing (`use()` does not retry it).
 *
 * @example
 * ```ts
 * new Repository(store, { hooks: { afterInsert: ({ events }) => metrics.count(events.length) } })
 * ```
 * @public
 */
export interface RepositoryHooks {
  readonly beforeInsert?: (context: InsertHookContext) => void | Promise<void>
  readonly afterInsert?: (context: InsertHookContext) => void | Promise<void>
}

/**
 * Snapshot settings of a repository (FEATURES A4). Only aggregates that implement
 * `Snapshotter` (`snapshot()` and `restore()`) are snapshotted.
 *
 * @example
 * ```ts
 * const snapshots: RepositorySnapshotOptions = { store: new MemorySnapshotStore(), every: 100, keep: 2 }
 * ```
 * @public
 */
export interface RepositorySnapshotOptions {
  readonly store: SnapshotStore
  /**
   * When `save` takes a snapshot: a number `n` means `everyVersions(n)`, a function decides
   * itself. Without it, `save` never snapshots (fetch still uses snapshots taken elsewhere, e.g.
   * by {@link Repository.snapshot}).
   */
  readonly every?: number | SnapshotSchedule
  /** After taking one, keep only the newest `keep` snapshots of the aggregate (default: keep all). */
  readonly keep?: number
  /**
   * Receives the error when taking a scheduled snapshot fails. The save itself still resolves:
   * its events are stored, and a rejection would invite a retry that applies them twice.
   * Default: `console.error`.
   */
  readonly onError?: (error: unknown, aggregate: AggregateRoot) => void
}

/**
 * How `use()` retries after a consistency conflict (another writer saved first).
 *
 * @example
 * ```ts
 * const retry: RetryOptions = { attempts: 10, backoffMs: (attempt) => attempt * 5 }
 * ```
 * @public
 */
export interface RetryOptions {
  /** Attempts in total, the first included (an integer ≥ 1; default 5). */
  readonly attempts?: number
  /**
   * Wait before attempt `attempt` (2, 3, …) in ms: a number, or a function of the attempt.
   * Default: a random wait of up to 5·2^(attempt−2) ms, so competing writers fall out of step.
   */
  readonly backoffMs?: number | ((attempt: number) => number)
}

/**
 * Options of {@link Repository}.
 *
 * @example
 * ```ts
 * new Repository(store, { snapshots: { store: snapshots, every: 50 }, retry: { attempts: 10 } })
 * ```
 * @public
 */
export interface RepositoryOptions {
  readonly snapshots?: RepositorySnapshotOptions
  readonly hooks?: RepositoryHooks
  readonly retry?: RetryOptions
}

/**
 * Options of `fetch`.
 *
 * @example
 * ```ts
 * await repo.fetch(list, { includeDeleted: true }) // to restore a soft-deleted aggregate
 * ```
 * @public
 */
export interface FetchOptions extends SignalOptions {
  /** Fetch the aggregate as it was at this version (an integer ≥ 1); `NOT_FOUND` if it never got there. */
  readonly version?: number
  /** Fetch a soft-deleted aggregate instead of rejecting with `AGGREGATE_DELETED` — to restore it. */
  readonly includeDeleted?: boolean
}

/**
 * Options of `use`.
 *
 * @example
 * ```ts
 * await repo.use(list, (l) => l.add('milk'), { factory: (id) => new TodoList(id) })
 * ```
 * @public
 */
export interface UseOptions<A extends AggregateRoot = AggregateRoot> extends SignalOptions {
  /**
   * Creates the fresh aggregate of each retry. Without it, a conflict cannot be retried: the
   * instance holds the failed attempt's state. A `TypedRepository` passes its own.
   */
  readonly factory?: AggregateFactory<A>
  /** Fetch a soft-deleted aggregate too (see {@link FetchOptions.includeDeleted}). */
  readonly includeDeleted?: boolean
}

/**
 * The `state` of a snapshot the repository takes: what the aggregate's `snapshot()` returned
 * and, for subclasses of `Aggregate`, its base state (version, tags, soft-delete flag).
 *
 * @example
 * ```ts
 * const s = (await snapshots.latest('todo.list', id))?.state as RepositorySnapshotState
 * ```
 * @public
 */
export interface RepositorySnapshotState {
  readonly state: unknown
  readonly base?: AggregateBaseState
}

/**
 * Options of the aggregate queries (and of `use` on a typed repository).
 *
 * @example
 * ```ts
 * for await (const list of lists.query({}, { includeDeleted: true })) console.log(list.aggregateId)
 * ```
 * @public
 */
export interface QueryAggregatesOptions extends SignalOptions {
  /** Yield soft-deleted aggregates too. */
  readonly includeDeleted?: boolean
}
