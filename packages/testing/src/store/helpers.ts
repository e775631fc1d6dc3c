import assert from 'node:assert/strict'
import type { Event, EventStore, Query } from '@goes/core'
import { describeError, rejectsWithCode } from '../util/errors.js'
import { assertSameEvent, assertSameIds } from '../util/events.js'

/** Drains a query into an array (fine for the small result sets of the cases). @internal */
export async function queryAll(store: EventStore, q?: Query, signal?: AbortSignal): Promise<Event[]> {
  const out: Event[] = []
  for await (const e of store.query(q, signal === undefined ? undefined : { signal })) out.push(e)
  return out
}

/** Inserts `events` in consecutive batches of `size`. @internal */
export async function insertInBatches(store: EventStore, events: readonly Event[], size: number): Promise<void> {
  for (let i = 0; i < events.length; i += size) await store.insert(events.slice(i, i + size))
}

/** Asserts that `find` returns `event`, deeply equal. @internal */
export async function expectFound(store: EventStore, event: Event, what: string): Promise<void> {
  let found: Event
  try {
    found = await store.find(event.id)
  } catch (err) {
    assert.fail(`${what}: find(${event.id}) should return the stored event, but rejected: ${describeError(err)}`)
  }
  assertSameEvent(found, event, `${what}: find(${event.id})`)
}

/** Asserts that `find(id)` rejects with `NOT_FOUND`. @internal */
export async function expectNotFound(store: EventStore, id: string, what: string): Promise<void> {
  await rejectsWithCode(() => store.find(id), 'NOT_FOUND', `${what}: find(${id})`)
}

/**
 * Asserts that the store holds exactly `events` — a query of everything returns each once, deeply
 * equal — and that `find` returns each of them.
 *
 * @internal
 */
export async function expectExactly(store: EventStore, events: readonly Event[], what: string): Promise<void> {
  const all = await queryAll(store)
  assertSameIds(all, events, `${what}: query of all events`)
  const byId = new Map(events.map((e) => [e.id, e]))
  for (const e of all) assertSameEvent(e, byId.get(e.id)!, `${what}: query of all events`)
  for (const e of events) await expectFound(store, e, what)
}
