// Deliberately broken stores for FND-2: thin wrappers around MemoryStore, each with one
// realistic bug the conformance suite must catch.
import { type Event, type EventStore, MemoryStore, type Query, type SignalOptions } from '@goes/core'

/** Delegates everything to a MemoryStore; subclasses break one method. */
export class WrappedStore implements EventStore {
  readonly inner = new MemoryStore()
  insert(events: readonly Event[], options?: SignalOptions): Promise<void> {
    return this.inner.insert(events, options)
  }
  find(id: string, options?: SignalOptions): Promise<Event> {
    return this.inner.find(id, options)
  }
  query(query?: Query, options?: SignalOptions): AsyncIterable<Event> {
    return this.inner.query(query, options)
  }
  delete(events: readonly Pick<Event, 'id'>[], options?: SignalOptions): Promise<void> {
    return this.inner.delete(events, options)
  }
}

/** Drops the sort: results come in insertion order. */
export class SortIgnoringStore extends WrappedStore {
  override query(query?: Query, options?: SignalOptions): AsyncIterable<Event> {
    const { sort: _ignored, ...rest } = query ?? {}
    return this.inner.query(rest, options)
  }
}

/** Inserts one event at a time, so a conflict leaves the events before it stored. */
export class HalfBatchStore extends WrappedStore {
  override async insert(events: readonly Event[], options?: SignalOptions): Promise<void> {
    for (const e of events) await this.inner.insert([e], options)
  }
}

/** Rejects an unknown id with a plain Error instead of NOT_FOUND. */
export class UntypedNotFoundStore extends WrappedStore {
  override async find(id: string, options?: SignalOptions): Promise<Event> {
    try {
      return await this.inner.find(id, options)
    } catch {
      throw new Error(`no event ${id}`)
    }
  }
}

/** Reads the whole result (decoding a copy of each event, as a driver would) before yielding any. */
export class MaterialisingStore extends WrappedStore {
  override query(query?: Query, options?: SignalOptions): AsyncIterable<Event> {
    const inner = this.inner
    return (async function* () {
      const all: Event[] = []
      for await (const e of inner.query(query, options)) all.push(structuredClone(e))
      yield* all
    })()
  }
}
