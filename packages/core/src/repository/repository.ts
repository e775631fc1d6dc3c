import { validateHistory } from '../aggregate/history.js'
import type { AggregateFactory, AggregateRoot } from '../aggregate/types.js'
import { abortError, ConsistencyError, GoesError } from '../errors/errors.js'
import type { Query } from '../query/types.js'
import { isPublishFailedError, type PublishFailedError } from '../store/publish-failed.js'
import type { EventStore } from '../store/store.js'
import type { SignalOptions } from '../stream/signal.js'
import { fetchInto } from './fetch.js'
import { resolveOptions, type Settings } from './options.js'
import { queryAggregates } from './query.js'
import { asConflict, InsertConflict, withRetry } from './retry.js'
import { isSnapshotter, storeSnapshot } from './snapshots.js'
import type { FetchOptions, QueryAggregatesOptions, RepositoryOptions, UseOptions } from './types.js'

/**
 * Saves and fetches aggregates through an event store (FEATURES A3–A5).
 *
 * - `save` validates the changes, inserts them (hooks around), commits, and snapshots on
 *   schedule.
 * - `fetch` restores the latest snapshot (for `Snapshotter`s), reads only the events after it,
 *   validates and applies them. A soft-deleted aggregate rejects with `AGGREGATE_DELETED`
 *   unless `{ includeDeleted: true }`.
 * - `use` = fetch → your function → save, retried on conflicts with a fresh aggregate.
 * - `query` streams aggregates rebuilt from their histories, one at a time.
 *
 * For one aggregate type, {@link TypedRepository} binds a factory and works with ids.
 *
 * @example
 * ```ts
 * const repo = new Repository(new MemoryStore(), { snapshots: { store: new MemorySnapshotStore(), every: 100 } })
 * const list = new TodoList(uuid())
 * list.add('milk')
 * await repo.save(list)
 * const again = await repo.fetch(new TodoList(list.aggregateId))
 * ```
 * @public
 */
export class Repository {
  readonly #store: EventStore
  readonly #settings: Settings

  constructor(store: EventStore, options: RepositoryOptions = {}) {
    if (typeof store !== 'object' || store === null || typeof store.query !== 'function') {
      throw new GoesError('INVALID_OPTION', 'new Repository(store) needs an EventStore, such as new MemoryStore().')
    }
    this.#store = store
    this.#settings = resolveOptions(options)
  }

  /** The event store the repository reads and writes. */
  get store(): EventStore {
    return this.#store
  }

  /**
   * Saves the aggregate's changes: validates them (`CONSISTENCY` via
   * `AggregateConsistencyError` for a broken change list), runs `beforeInsert`, inserts them
   * (`CONSISTENCY` when another writer saved first — nothing is stored then), commits the
   * aggregate, runs `afterInsert` and takes a snapshot when the schedule says so. An aggregate
   * without changes is left alone.
   *
   * When the store stored the events but could not publish them (`withBus` with a failing
   * bus: `PUBLISH_FAILED`), the save still counts: the aggregate is committed, hooks and
   * snapshots run, and then the {@link PublishFailedError} is thrown — it carries the stored
   * events, to publish again or leave to an outbox. `use()` does not retry it.
   */
  async save<A extends AggregateRoot>(a: A, options: SignalOptions = {}): Promise<A> {
    await this.#save(a, options.signal, false)
    return a
  }

  /**
   * Fetches the aggregate into `a` (a fresh instance, or one to bring up to date) and resolves
   * with it. A never-saved aggregate resolves at version 0. See {@link FetchOptions} for
   * `version` (`NOT_FOUND` if it never got there) and `includeDeleted`.
   */
  async fetch<A extends AggregateRoot>(a: A, options: FetchOptions = {}): Promise<A> {
    await fetchInto(this.#store, this.#settings.snapshots?.store, a, options)
    return a
  }

  /**
   * Fetch → `fn(aggregate)` → save. When the save conflicts with another writer, it starts over
   * with a fresh aggregate from `options.factory` after a backoff, up to `retry.attempts` times
   * in all; then it rejects with a `CONSISTENCY` error whose `cause` is the last conflict.
   * Without a factory a conflict is not retried. Errors of `fn`, of validation and of the hooks
   * are not retried either. Resolves with the aggregate that was saved.
   *
   * @param target - the aggregate to use for the first attempt, or its id (then `factory` is required).
   */
  use<A extends AggregateRoot>(
    target: A,
    fn: (aggregate: A) => void | Promise<void>,
    options?: UseOptions<A>,
  ): Promise<A>
  use<A extends AggregateRoot>(
    id: string,
    fn: (aggregate: A) => void | Promise<void>,
    options: UseOptions<A> & { readonly factory: AggregateFactory<A> },
  ): Promise<A>
  async use<A extends AggregateRoot>(
    target: A | string,
    fn: (aggregate: A) => void | Promise<void>,
    options: UseOptions<A> = {},
  ): Promise<A> {
    const { factory, signal } = options
    const fetchOptions: FetchOptions = { includeDeleted: options.includeDeleted === true, ...(signal && { signal }) }
    const attempt = async (a: A): Promise<A> => {
      await fetchInto(this.#store, this.#settings.snapshots?.store, a, fetchOptions)
      await fn(a)
      await this.#save(a, signal, true)
      return a
    }
    if (factory === undefined) {
      if (typeof target === 'string') {
        throw new GoesError(
          'INVALID_OPTION',
          'Repository.use(id, fn) needs options.factory to create the aggregate; or pass the aggregate itself.',
        )
      }
      try {
        return await attempt(target)
      } catch (err) {
        if (!(err instanceof InsertConflict)) throw err
        throw new ConsistencyError(
          "Repository.use() lost a conflict with another writer and cannot retry without options.factory (the aggregate holds the failed attempt's state). Pass { factory }, or use a TypedRepository.",
          { cause: err.error },
        )
      }
    }
    const { attempts, backoff } = this.#settings
    return withRetry('Repository.use()', attempts, backoff, signal, (n) =>
      attempt(n === 1 && typeof target !== 'string' ? target : factory(idOf(target))),
    )
  }

  /**
   * Streams the aggregates `q` selects as rebuilt aggregates, one at a time (ordered by id,
   * `q.sort` ignored), skipping soft-deleted ones unless `includeDeleted`. A query that only
   * names aggregates replays their histories in one pass; one with event filters (names, ids,
   * times, versions) selects the aggregates with a matching event and fetches each whole.
   */
  query<A extends AggregateRoot>(
    q: Query,
    factory: AggregateFactory<A>,
    options: QueryAggregatesOptions = {},
  ): AsyncIterable<A> {
    return queryAggregates(q, this.#plan(factory, options))
  }

  /** Deletes every event of the aggregate and its snapshots — for real, unlike a soft delete. */
  async delete(a: Pick<AggregateRoot, 'aggregateName' | 'aggregateId'>, options: SignalOptions = {}): Promise<void> {
    const { signal } = options
    if (signal?.aborted) throw abortError(signal, 'Repository.delete()')
    const opts = signal === undefined ? {} : { signal }
    const ids: { id: string }[] = []
    for await (const e of this.#store.query({ aggregates: [{ name: a.aggregateName, id: a.aggregateId }] }, opts)) {
      ids.push({ id: e.id })
    }
    if (ids.length > 0) await this.#store.delete(ids, opts)
    await this.#settings.snapshots?.store.delete(a.aggregateName, a.aggregateId, opts)
  }

  /**
   * Takes a snapshot of the aggregate at its committed version now, whatever the schedule, and
   * trims old ones to `snapshots.keep`. `INVALID_STATE` without a snapshot store, for an
   * aggregate that is not a `Snapshotter`, or one that was never saved.
   */
  async snapshot(a: AggregateRoot, options: SignalOptions = {}): Promise<void> {
    const s = this.#settings.snapshots
    const what = `Repository.snapshot() of "${a.aggregateName}" ${a.aggregateId}`
    if (s === undefined) {
      throw new GoesError('INVALID_STATE', `${what}: the repository has no snapshot store; pass options.snapshots.`)
    }
    if (!isSnapshotter(a)) {
      throw new GoesError('INVALID_STATE', `${what}: the aggregate has no snapshot() and restore() methods.`)
    }
    if (a.aggregateVersion < 1) {
      throw new GoesError('INVALID_STATE', `${what}: the aggregate has no committed version yet; save it first.`)
    }
    await storeSnapshot(s.store, a, s.keep, options.signal)
  }

  #plan<A extends AggregateRoot>(factory: AggregateFactory<A>, options: QueryAggregatesOptions) {
    return {
      store: this.#store,
      factory,
      fetch: (a: A, signal: AbortSignal | undefined) =>
        fetchInto(this.#store, this.#settings.snapshots?.store, a, { includeDeleted: true, ...(signal && { signal }) }),
      includeDeleted: options.includeDeleted === true,
      signal: options.signal,
    }
  }

  async #save(a: AggregateRoot, signal: AbortSignal | undefined, markConflicts: boolean): Promise<void> {
    if (signal?.aborted) throw abortError(signal, 'Repository.save()')
    const events = a.changes
    if (events.length === 0) return
    validateHistory(a, events)
    const { hooks } = this.#settings
    const context = { aggregate: a, events, signal }
    if (hooks.beforeInsert !== undefined) await hooks.beforeInsert(context)
    // Stored but not published (withBus): the aggregate is committed like after any stored
    // insert — its next save must not repeat these versions — and the caller gets the error.
    let unpublished: PublishFailedError | undefined
    try {
      await this.#store.insert(events, signal === undefined ? {} : { signal })
    } catch (err) {
      if (!isPublishFailedError(err)) throw markConflicts ? asConflict(err) : err
      unpublished = err
    }
    const from = a.aggregateVersion
    a.commit()
    if (hooks.afterInsert !== undefined) await hooks.afterInsert(context)
    await this.#snapshotAfterSave(a, from, signal)
    if (unpublished !== undefined) throw unpublished
  }

  async #snapshotAfterSave(a: AggregateRoot, from: number, signal: AbortSignal | undefined): Promise<void> {
    const { snapshots } = this.#settings
    const schedule = snapshots?.schedule
    if (snapshots === undefined || schedule === undefined || !isSnapshotter(a)) return
    try {
      const to = a.aggregateVersion
      if (schedule({ aggregateName: a.aggregateName, aggregateId: a.aggregateId, from, to })) {
        await storeSnapshot(snapshots.store, a, snapshots.keep, signal)
      }
    } catch (err) {
      snapshots.onError(err, a)
    }
  }
}

function idOf(target: AggregateRoot | string): string {
  return typeof target === 'string' ? target : target.aggregateId
}
