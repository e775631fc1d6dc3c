import { abortError, GoesError, NotFoundError } from '../errors/errors.js'
import type { Event } from '../event/event.js'
import type { Query } from '../query/types.js'
import type { SignalOptions } from '../stream/signal.js'
import { assertUUID } from '../uuid/uuid.js'
import { EventLog } from './event-log.js'
import { IdIndex } from './id-index.js'
import { MemoryCursor } from './memory-cursor.js'
import { insertInto } from './memory-insert.js'
import { type MemorySnapshot, STRICT, type StoreData, unindexAggregate } from './memory-state.js'
import type { EventStore } from './store.js'

/**
 * The in-memory event store: the embedded default, for tests, prototypes and single-process
 * apps. Passes the event store conformance suite.
 *
 * - Inserts are all-or-nothing: a batch with an invalid event, or a duplicate id or aggregate
 *   version (inside the batch or against the store), changes nothing.
 * - Queries stream lazily over a consistent snapshot taken at their first step: events
 *   inserted or deleted later do not show up, and taking the snapshot copies nothing. Sorted
 *   queries sort references to the matching events (none when insertion order is time order).
 * - Queries naming ids or a narrow set of aggregates use indexes instead of a full scan.
 *
 * Events are stored as given, by reference, and handed out the same way: treat events as
 * immutable (goes never changes them; changing one after inserting it corrupts the indexes).
 *
 * @example
 * ```ts
 * const store = new MemoryStore()
 * await store.insert([newEvent('todo.task_added', { title: 'milk' }, { aggregate })])
 * for await (const e of store.query({ aggregates: [{ name: 'todo.list', id }] })) apply(e)
 * ```
 * @public
 */
export class MemoryStore implements EventStore {
  readonly #data: StoreData = {
    log: new EventLog(),
    ids: new IdIndex(),
    byAggregate: new Map(),
    timeOrder: STRICT,
    lastTime: 0n,
  }

  /** The number of stored events. */
  get size(): number {
    return this.#data.log.length
  }

  async insert(events: readonly Event[], options?: SignalOptions): Promise<void> {
    const signal = options?.signal
    if (signal?.aborted) throw abortError(signal, 'MemoryStore.insert')
    insertInto(this.#data, events)
  }

  async find(id: string, options?: SignalOptions): Promise<Event> {
    const signal = options?.signal
    if (signal?.aborted) throw abortError(signal, 'MemoryStore.find')
    const d = this.#data
    if (typeof id === 'string') {
      const at = d.ids.find(id, d.log)
      if (at !== -1) return d.log.at(at)!
    }
    assertUUID(id, 'The event id passed to find()')
    throw new NotFoundError(`No event with id "${id}" is stored. Check the id, or query the store to see what exists.`)
  }

  /**
   * Streams the matching events; see {@link EventStore.query}. Each `for await` over the
   * result is its own iteration with its own snapshot, taken at its first step.
   */
  query(query?: Query, options?: SignalOptions): AsyncIterable<Event> {
    const signal = options?.signal
    const snapshot = (): MemorySnapshot => {
      const d = this.#data
      return {
        log: d.log,
        length: d.log.length,
        timeOrder: d.timeOrder,
        ids: d.ids,
        byAggregate: d.byAggregate,
      }
    }
    return { [Symbol.asyncIterator]: () => new MemoryCursor(query, signal, snapshot) }
  }

  async delete(events: readonly Pick<Event, 'id'>[], options?: SignalOptions): Promise<void> {
    const signal = options?.signal
    if (signal?.aborted) throw abortError(signal, 'MemoryStore.delete')
    if (!Array.isArray(events)) {
      throw new GoesError(
        'INVALID_EVENT',
        'delete() takes an array of events (or { id } objects); wrap one as [event].',
      )
    }
    for (const ref of events) {
      if (typeof ref !== 'object' || ref === null) {
        throw new GoesError('INVALID_EVENT', 'delete() takes events or { id } objects; one entry is not an object.')
      }
      assertUUID(ref.id, 'The id of an event passed to delete()')
    }
    const data = this.#data
    const removed = new Set<Event>()
    for (const { id } of events) {
      const at = data.ids.find(id, data.log)
      if (at === -1) continue
      const e = data.log.at(at)!
      removed.add(e)
      unindexAggregate(data.byAggregate, e)
    }
    if (removed.size === 0) return
    // A new log, never an edit in place: running queries keep reading their snapshot.
    data.log = data.log.filter((e) => !removed.has(e))
    data.ids.rebuild(data.log)
  }
}
