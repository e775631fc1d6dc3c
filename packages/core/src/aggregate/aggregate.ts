import { GoesError } from '../errors/errors.js'
import type { AggregateRef, Event, EventMap, EventOf } from '../event/event.js'
import { newEvent } from '../event/factory.js'
import { nowNano } from '../event/time.js'
import { assertName } from '../event/validate.js'
import { assertUUID } from '../uuid/uuid.js'
import { type AggregateBaseState, assertBaseState } from './base-state.js'
import { type Applier, dispatch, newReplayState, type ReplayState, replayAll, replayOne } from './replay.js'
import { declareSoftDelete } from './soft-delete.js'
import { AGGREGATE_TAGGED, AGGREGATE_UNTAGGED, applyTagEvent, type TagEvent, tagDelta } from './tags.js'
import type { AggregateRoot } from './types.js'

// AggregateBaseState used to live here; other modules import it from this file too.
export type { AggregateBaseState }

// Replays events into an Aggregate's private state; set by the class' static block.
let replayFast: (a: Aggregate, events: readonly Event[]) => void

// Carries the event map in the type only (never set at run time), so `EventMapOf<A>` can infer
// it from any subclass: inference does not look into protected members such as `on`.
declare const eventMap: unique symbol

/**
 * The data argument of `next()`: optional when the event's data may be `undefined`.
 *
 * @example
 * ```ts
 * type A = EventDataArg<{ title: string }> // [data: { title: string }]
 * type B = EventDataArg<undefined> // [data?: undefined] — so `this.next('todo.archived')`
 * ```
 * @public
 */
export type EventDataArg<D> = undefined extends D ? [data?: D] : [data: D]

/**
 * Base class of event-sourced aggregates (FEATURES A1). Declare the events once as an
 * {@link EventMap}; register one applier per event name with `on()` in the constructor; in
 * domain methods check the rules, then record what happened with `next()`, which applies the
 * event at once. The repository saves `changes` and calls `commit()`.
 *
 * - `aggregateVersion` is the version of the last committed event; `changes` are the
 *   uncommitted events, numbered `aggregateVersion + 1, + 2, …`.
 * - `apply(event)` replays history: it runs the event's applier and moves `aggregateVersion`
 *   to the event's version. An event without applier changes nothing but the version — so old
 *   histories still load after an event stopped mattering. A misspelt name in `on()` or
 *   `next()` is a type error instead.
 *
 * @example
 * ```ts
 * type ListEvents = { 'todo.task_added': { title: string }; 'todo.task_removed': { title: string } }
 * class TodoList extends Aggregate<ListEvents> {
 *   readonly tasks: string[] = []
 *   constructor(id: string) {
 *     super('todo.list', id)
 *     this.on('todo.task_added', (e) => void this.tasks.push(e.data.title))
 *     this.on('todo.task_removed', (e) => void this.tasks.splice(this.tasks.indexOf(e.data.title), 1))
 *   }
 *   add(title: string) {
 *     if (this.tasks.includes(title)) throw new Error(`"${title}" is already on the list`)
 *     this.next('todo.task_added', { title })
 *   }
 * }
 * ```
 * @public
 */
export abstract class Aggregate<M extends EventMap = EventMap> implements AggregateRoot {
  declare readonly [eventMap]?: M
  readonly aggregateName: string
  readonly aggregateId: string
  // Version, changes, appliers, soft-delete state and the last event (next() dates its event
  // after it — a reference, not its time: a bigint compare per replayed event cost a fifth of
  // replay time) live in a plain object, so replay code never depends on the subclass' shape
  // (see replay.ts).
  readonly #s: ReplayState
  // Tags are rare: no allocation until an aggregate uses them.
  #tags: Set<string> | undefined

  /**
   * @param name - the aggregate name, e.g. `'todo.list'` (`INVALID_NAME` if unusable).
   * @param id - a UUID (`INVALID_UUID`; `NIL_UUID` for the nil UUID). Create one with `uuid()`.
   */
  constructor(name: string, id: string) {
    assertName(name, 'aggregate name')
    assertUUID(id, `id of aggregate "${name}"`)
    this.aggregateName = name
    this.aggregateId = id
    this.#s = newReplayState(name, id)
    this.#s.appliers.set(AGGREGATE_TAGGED, (e) => {
      this.#tags = applyTagEvent(this.#tags, e, true)
    })
    this.#s.appliers.set(AGGREGATE_UNTAGGED, (e) => {
      this.#tags = applyTagEvent(this.#tags, e, false)
    })
  }

  /** Version of the last committed event; 0 for a new aggregate. */
  get aggregateVersion(): number {
    return this.#s.version
  }

  /**
   * The uncommitted events, oldest first. `commit()` and `discard()` start a new list, so an
   * array read before stays as it was.
   */
  get changes(): readonly (EventOf<M> | TagEvent)[] {
    return this.#s.changes as (EventOf<M> | TagEvent)[]
  }

  /** `{ name, id, version }` of this aggregate, `version` being the committed one. */
  ref(): AggregateRef {
    return { name: this.aggregateName, id: this.aggregateId, version: this.#s.version }
  }

  /**
   * Registers the applier of one event name; call it in the constructor. One applier per
   * name (`INVALID_STATE` for a second one). Returns `this`, so calls can be chained.
   */
  protected on<N extends keyof M & string>(name: N, applier: (event: Event<N, M[N]>) => void): this {
    assertName(name, `event name of an applier of aggregate "${this.aggregateName}"`)
    const appliers = this.#s.appliers
    if (appliers.has(name)) {
      const what =
        name === AGGREGATE_TAGGED || name === AGGREGATE_UNTAGGED ? 'built into every aggregate' : 'already registered'
      throw new GoesError(
        'INVALID_STATE',
        `An applier of "${name}" is ${what} on aggregate "${this.aggregateName}". Register one applier per event name and do all the work for that event in it.`,
      )
    }
    appliers.set(name, applier as Applier)
    return this
  }

  /**
   * Records a new event: creates it at the next version (`aggregateVersion + changes.length +
   * 1`) with a time after the last event applied (or now, if later), applies it and appends it to `changes`.
   * If its applier throws, nothing is recorded. Returns the event.
   */
  protected next<N extends keyof M & string>(name: N, ...[data]: EventDataArg<M[N]>): Event<N, M[N]> {
    return this.#record(name, data) as Event<N, M[N]>
  }

  /**
   * Replays one event of the history: runs its applier (if any — an event without one is
   * ignored) and moves `aggregateVersion` up to the event's version. Call it only while there
   * are no uncommitted changes (`INVALID_STATE` otherwise); check the events first with
   * `validateHistory` — `apply` itself does not, to keep replay fast.
   */
  apply(event: Event): void {
    replayOne(this.#s, event)
  }

  /** Marks the changes as committed: `aggregateVersion` moves to the last change, `changes` empties. */
  commit(): void {
    const s = this.#s
    const n = s.changes.length
    if (n === 0) return
    s.version = (s.changes[n - 1]!.aggregate as AggregateRef).version
    s.changes = []
  }

  /** Drops the uncommitted changes; the version stays. The state is NOT rolled back: fetch again. */
  discard(): void {
    if (this.#s.changes.length > 0) this.#s.changes = []
  }

  // --- soft delete (FEATURES A5) ---------------------------------------------------------

  /**
   * Declares the events that soft-delete this aggregate; call it in the constructor. After
   * such an event (the latest of the delete and restore events) `softDeleted` is true and the
   * repository refuses to fetch the aggregate unless asked to explicitly.
   *
   * @example
   * ```ts
   * constructor(id: string) {
   *   super('shop.customer', id)
   *   this.softDeletedBy('shop.customer_deleted').softRestoredBy('shop.customer_restored')
   * }
   * ```
   */
  protected softDeletedBy(...names: (keyof M & string)[]): this {
    declareSoftDelete((this.#s.softRules ??= new Map()), names, true, this.aggregateName)
    return this
  }

  /** Declares the events that restore a soft-deleted aggregate; call it in the constructor. */
  protected softRestoredBy(...names: (keyof M & string)[]): this {
    declareSoftDelete((this.#s.softRules ??= new Map()), names, false, this.aggregateName)
    return this
  }

  /** Whether the latest soft-delete or restore event applied was a delete. */
  get softDeleted(): boolean {
    return this.#s.softDeleted
  }

  // --- tags (FEATURES A7) ------------------------------------------------------------------

  /**
   * Tags the aggregate: records a built-in `'goes.aggregate.tagged'` event with the tags it
   * does not have yet (nothing if it has them all). Tags follow the rules of names
   * (`INVALID_NAME` otherwise). Find tagged aggregates with `taggedQuery`.
   *
   * @example
   * ```ts
   * customer.tag('vip', 'newsletter')
   * customer.hasTag('vip') // true
   * customer.untag('newsletter')
   * ```
   */
  tag(...tags: string[]): void {
    const add = tagDelta(this.#tags, tags, false)
    if (add.length > 0) this.#record(AGGREGATE_TAGGED, { tags: add })
  }

  /** Removes tags: records a built-in `'goes.aggregate.untagged'` event with those it has. */
  untag(...tags: string[]): void {
    const remove = tagDelta(this.#tags, tags, true)
    if (remove.length > 0) this.#record(AGGREGATE_UNTAGGED, { tags: remove })
  }

  /** Whether the aggregate has `tag`. */
  hasTag(tag: string): boolean {
    return this.#tags?.has(tag) === true
  }

  /** The aggregate's tags, in the order they were added (a copy). */
  get tags(): readonly string[] {
    return this.#tags === undefined ? [] : [...this.#tags]
  }

  // --- snapshots ---------------------------------------------------------------------------

  /** The base state (version, tags, soft-delete flag) a snapshot must keep besides the subclass' state. */
  baseState(): AggregateBaseState {
    return { version: this.#s.version, tags: this.tags, softDeleted: this.#s.softDeleted }
  }

  /**
   * Restores the base state saved with a snapshot (the repository calls it after the
   * subclass' `restore`). `INVALID_STATE` with uncommitted changes, `INVALID_VERSION` for a
   * version that is not an integer ≥ 0, `INVALID_NAME` for a bad tag.
   */
  restoreBaseState(state: AggregateBaseState): void {
    if (this.#s.changes.length > 0) {
      throw new GoesError(
        'INVALID_STATE',
        `Aggregate "${this.aggregateName}" ${this.aggregateId} has uncommitted changes; restore a snapshot into a fresh aggregate.`,
      )
    }
    assertBaseState(state, `aggregate "${this.aggregateName}" ${this.aggregateId}`)
    this.#s.version = state.version
    this.#tags = state.tags.length > 0 ? new Set(state.tags) : undefined
    this.#s.softDeleted = state.softDeleted
  }

  // --- internals ---------------------------------------------------------------------------

  #record(name: string, data: unknown): Event {
    const s = this.#s
    let time = nowNano()
    const last = s.last
    if (last !== undefined && time <= last.timeNano) time = last.timeNano + 1n
    const version = s.version + s.changes.length + 1
    const event = newEvent(name, data, { time, aggregate: { name: this.aggregateName, id: this.aggregateId, version } })
    dispatch(s, event)
    s.changes.push(event)
    return event
  }

  static {
    replayFast = (a, events) => replayAll(a.#s, events)
  }
}

/**
 * Applies `events` to `a`, in order, exactly like calling `a.apply(e)` for each; the repository
 * replays fetched histories through it. For an `Aggregate` that keeps the base class' `apply`,
 * the events go straight to its replay state, in a loop whose optimized code survives garbage
 * collections (see replay.ts); any other aggregate gets its `apply` called per event.
 *
 * @internal
 */
export function replayHistory(a: AggregateRoot, events: readonly Event[]): void {
  if (a instanceof Aggregate && a.apply === BASE_APPLY) replayFast(a, events)
  else for (let i = 0; i < events.length; i++) a.apply(events[i]!)
}

const BASE_APPLY = Aggregate.prototype.apply
