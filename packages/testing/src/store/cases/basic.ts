import assert from 'node:assert/strict'
import { type Event, type EventStore, newEvent, uuid } from '@goes/core'
import type { CaseDef } from '../../case.js'
import { expectExactly, expectNotFound, insertInBatches, queryAll } from '../helpers.js'
import type { StoreOptions } from '../options.js'

type Def = CaseDef<EventStore, StoreOptions>

/** A few events of two aggregates and one without aggregate. @internal */
export function someEvents(count: number, prefix = 'test'): Event[] {
  const a = uuid()
  const b = uuid()
  return Array.from({ length: count }, (_, i) =>
    newEvent(
      `${prefix}.e${i % 3}`,
      { i, text: `event ${i}` },
      i % 5 === 4
        ? {}
        : {
            aggregate: {
              name: i % 2 === 0 ? `${prefix}.even` : `${prefix}.odd`,
              id: i % 2 === 0 ? a : b,
              version: Math.floor(i / 2) + 1,
            },
          },
    ),
  )
}

// Data that stresses a codec: nesting, unicode beyond the BMP, number edge cases, nulls,
// empty containers, and top-level values that are not objects.
const SAMPLES: readonly unknown[] = [
  {
    nested: { a: { b: { c: [1, { d: 'deep', e: [[], [{}]] }] } } },
    unicode: 'héllo wörld — 日本語 — 🎉 👩‍👩‍👧 — e\u0301 — "quoted" \\ back\nline\ttab',
    'ключ с пробелом': 'значение',
    'dot.key': 'dotted',
    numbers: [0, 1, -1, 42.5, 0.1, 1e-7, 1e21, 2 ** 53 - 1, -(2 ** 53 - 1), 1.7976931348623157e308, 5e-324],
    nothing: null,
    empty: { object: {}, array: [], string: '' },
    flags: [true, false],
    mixed: ['a', null, { x: 1 }, [2, [3]], 4.25],
  },
  [1, 'two', { three: 3 }, null, [], {}],
  'just a string with emoji 🚀 and a surrogate pair 𝄞',
  '',
  123456.789,
  0,
  -17,
  null,
  true,
  false,
  { long: 'x'.repeat(64 * 1024) },
]

export const basicCases: readonly Def[] = [
  {
    id: 'insert.single',
    title: 'one inserted event is found by id and returned by a query, deeply equal',
    async body(store) {
      const e = newEvent(
        'test.created',
        { title: 'milk', n: 1 },
        { aggregate: { name: 'test.list', id: uuid(), version: 1 } },
      )
      await store.insert([e])
      await expectExactly(store, [e], 'after inserting one event')
    },
  },
  {
    id: 'insert.batch',
    title: 'a batch of 60 events (two aggregates, some without aggregate) is stored completely',
    async body(store) {
      const events = someEvents(60)
      await store.insert(events)
      await expectExactly(store, events, 'after inserting a batch')
    },
  },
  {
    id: 'insert.batches',
    title: 'consecutive batches add up',
    async body(store) {
      const events = someEvents(45)
      await insertInBatches(store, events, 10)
      await expectExactly(store, events, 'after five batches')
    },
  },
  {
    id: 'insert.empty',
    title: 'inserting an empty batch resolves and stores nothing',
    async body(store) {
      await store.insert([])
      assert.equal((await queryAll(store)).length, 0, 'an empty insert must not store anything')
    },
  },
  {
    id: 'find.unknown',
    title: 'find of an unknown id rejects with NOT_FOUND (empty and non-empty store)',
    async body(store) {
      await expectNotFound(store, uuid(), 'empty store')
      await store.insert(someEvents(5))
      await expectNotFound(store, uuid(), 'store with 5 events')
    },
  },
  {
    id: 'delete.some',
    title: 'deleted events are gone (query and find), the others stay',
    async body(store) {
      const events = someEvents(10)
      await store.insert(events)
      const gone = [events[0]!, events[4]!, events[9]!]
      await store.delete(gone)
      await expectExactly(
        store,
        events.filter((e) => !gone.includes(e)),
        'after deleting 3 of 10',
      )
      for (const e of gone) await expectNotFound(store, e.id, 'a deleted event')
    },
  },
  {
    id: 'delete.unknown',
    title: 'deleting unknown ids, an empty list or one id twice resolves and keeps the rest',
    async body(store) {
      const events = someEvents(6)
      await store.insert(events)
      await store.delete([{ id: uuid() }, { id: uuid() }])
      await store.delete([])
      await store.delete([{ id: events[2]!.id }, { id: events[2]!.id }, { id: uuid() }])
      await store.delete([{ id: events[2]!.id }])
      await expectExactly(
        store,
        events.filter((_, i) => i !== 2),
        'after deleting unknown and repeated ids',
      )
    },
  },
  {
    id: 'roundtrip.data',
    title: 'data round-trips deeply equal: nesting, unicode, numbers, null, arrays, non-object data',
    async body(store) {
      const agg = uuid()
      const events = SAMPLES.map((data, i) =>
        newEvent('test.sample', data, {
          // Odd nanoseconds check that the full time precision survives.
          time: 1_700_000_000_123_456_789n + BigInt(i) * 1_000_000_007n,
          ...(i % 2 === 0 ? { aggregate: { name: 'test.samples', id: agg, version: i + 1 } } : {}),
        }),
      )
      await store.insert(events.slice(0, 3))
      await store.insert(events.slice(3))
      await expectExactly(store, events, 'round trip')
    },
  },
]
