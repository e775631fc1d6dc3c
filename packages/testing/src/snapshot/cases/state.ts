import assert from 'node:assert/strict'
import type { SnapshotStore } from '@goes/core'
import type { CaseDef } from '../../case.js'
import { assertSameSnapshot, latestOf, newAggregate, snap } from '../helpers.js'
import type { SnapshotOptions } from '../options.js'

type Def = CaseDef<SnapshotStore, SnapshotOptions>

// States that stress a codec: deep nesting, unicode beyond the BMP, number edge cases, nulls,
// empty containers, and top-level values that are not objects. All JSON-safe, so every
// reasonable codec can carry them.
const STATES: readonly unknown[] = [
  {
    items: [
      { id: 1, title: 'milk', done: false, tags: [] },
      { id: 2, title: 'ägg — 卵 — 🥚', done: true, tags: ['a', 'b'] },
    ],
    nested: { a: { b: { c: [1, { d: 'deep', e: [[], [{}]] }] } } },
    'key with spaces': 'value',
    'dot.key': 'dotted',
    numbers: [0, 1, -1, 42.5, 0.1, 1e-7, 1e21, 2 ** 53 - 1, -(2 ** 53 - 1), 5e-324],
    nothing: null,
    empty: { object: {}, array: [], string: '' },
    text: 'quotes " and \\ backslash, line\nbreak, tab\t, e\u0301, 👩‍👩‍👧',
  },
  [1, 'two', { three: 3 }, null, [], {}],
  'a string state 🚀',
  '',
  123.5,
  0,
  null,
  true,
  false,
  { big: 'x'.repeat(256 * 1024) },
]

export const stateCases: readonly Def[] = [
  {
    id: 'state.roundtrip',
    title: 'state round-trips deeply equal: nesting, unicode, numbers, null, arrays, non-object states, 256 KiB',
    async body(store) {
      const a = newAggregate()
      for (let i = 0; i < STATES.length; i++) {
        const s = snap(a.name, a.id, i + 1, STATES[i])
        await store.save(s)
        assertSameSnapshot(await latestOf(store, a.name, a.id, `state #${i}`), s, `state #${i}`)
      }
      // And each one is still there, unchanged by the saves after it.
      for (let i = 0; i < STATES.length; i++) {
        const what = `state #${i} read again at maxVersion ${i + 1}`
        assertSameSnapshot(await latestOf(store, a.name, a.id, what, i + 1), snap(a.name, a.id, i + 1, STATES[i]), what)
      }
    },
  },
  {
    id: 'state.isolated',
    title: 'the stored state is a copy: changing the saved object or a returned state does not change the stored one',
    async body(store) {
      const a = newAggregate()
      const state = { count: 1, items: ['a'], nested: { flag: true } }
      await store.save({ ...snap(a.name, a.id, 1), state })
      // The aggregate keeps mutating its live state after the snapshot was taken.
      state.count = 99
      state.items.push('b')
      state.nested.flag = false
      const first = await latestOf(store, a.name, a.id, 'after mutating the saved object')
      const want = snap(a.name, a.id, 1, { count: 1, items: ['a'], nested: { flag: true } })
      assertSameSnapshot(first, want, 'after mutating the saved object')
      // A caller (restore()) adopting the returned state and changing it.
      const got = first!.state as typeof state
      try {
        got.count = 7
        got.items.push('c')
      } catch {
        // A frozen state is also fine: it cannot be changed at all.
      }
      assertSameSnapshot(
        await latestOf(store, a.name, a.id, 'after mutating a returned state'),
        want,
        'after mutating a returned state',
      )
    },
  },
  {
    id: 'state.time',
    title: 'time and version round-trip exactly; the returned time is a Date',
    async body(store) {
      const a = newAggregate()
      const times = [new Date(0), new Date(1_700_000_000_123), new Date(Date.UTC(2100, 0, 1, 23, 59, 59, 999))]
      for (let i = 0; i < times.length; i++) {
        const s = { ...snap(a.name, a.id, (i + 1) * 1000), time: times[i]! }
        await store.save(s)
        const got = await latestOf(store, a.name, a.id, `time ${times[i]!.toISOString()}`)
        assertSameSnapshot(got, s, `time ${times[i]!.toISOString()}`)
      }
      const big = Number.MAX_SAFE_INTEGER
      await store.save(snap(a.name, a.id, big))
      assert.equal(
        (await latestOf(store, a.name, a.id, 'the largest version'))?.version,
        big,
        'version 2^53 − 1 must round-trip',
      )
    },
  },
]
