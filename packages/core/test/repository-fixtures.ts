// Shared fixtures of the repository tests: a counter aggregate (soft-deletable, taggable), a
// snapshotting variant, and an event store wrapper that records what it was asked and gave.
import {
  Aggregate,
  type Event,
  type EventStore,
  MemoryStore,
  type Query,
  type SignalOptions,
  type Snapshotter,
} from '../src/index.js'

export type CounterEvents = {
  'counter.incremented': { by: number }
  'counter.deleted': undefined
  'counter.restored': undefined
}

export const COUNTER = 'test.counter'

export class Counter extends Aggregate<CounterEvents> {
  count = 0
  applied = 0
  constructor(id: string) {
    super(COUNTER, id)
    this.on('counter.incremented', (e) => {
      this.count += e.data.by
      this.applied++
    })
    this.softDeletedBy('counter.deleted')
    this.softRestoredBy('counter.restored')
  }
  increment(by = 1): void {
    this.next('counter.incremented', { by })
  }
  remove(): void {
    this.next('counter.deleted')
  }
  undelete(): void {
    this.next('counter.restored')
  }
}

export class SnapCounter extends Counter implements Snapshotter<{ count: number }> {
  restoredFrom: number | undefined
  snapshot(): { count: number } {
    return { count: this.count }
  }
  restore(state: { count: number }, version: number): void {
    this.count = state.count
    this.restoredFrom = version
  }
}

/** Delegates to a MemoryStore and records queries, the events each returned, and inserts. */
export class RecordingStore implements EventStore {
  readonly inner = new MemoryStore()
  readonly queries: { query: Query | undefined; events: Event[]; closed: boolean }[] = []
  inserts = 0
  /** When set, insert rejects with what it returns (before touching the inner store). */
  failInsert: ((events: readonly Event[]) => unknown) | undefined

  async insert(events: readonly Event[], options?: SignalOptions): Promise<void> {
    this.inserts++
    const fail = this.failInsert?.(events)
    if (fail !== undefined) throw fail
    return this.inner.insert(events, options)
  }
  find(id: string, options?: SignalOptions): Promise<Event> {
    return this.inner.find(id, options)
  }
  query(query?: Query, options?: SignalOptions): AsyncIterable<Event> {
    const record = { query, events: [] as Event[], closed: false }
    this.queries.push(record)
    const inner = this.inner
    return (async function* () {
      try {
        for await (const e of inner.query(query, options)) {
          record.events.push(e)
          yield e
        }
      } finally {
        record.closed = true
      }
    })()
  }
  delete(events: readonly Pick<Event, 'id'>[], options?: SignalOptions): Promise<void> {
    return this.inner.delete(events, options)
  }
  reset(): void {
    this.queries.length = 0
    this.inserts = 0
  }
}

/** The settled outcome of a promise, for checking typed rejections. */
export async function rejection(p: Promise<unknown> | (() => Promise<unknown>)): Promise<unknown> {
  try {
    await (typeof p === 'function' ? p() : p)
  } catch (err) {
    return err
  }
  throw new Error('expected a rejection, but it resolved')
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const x of it) out.push(x)
  return out
}
