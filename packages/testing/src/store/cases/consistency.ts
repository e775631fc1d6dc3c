import assert from 'node:assert/strict'
import { type Event, type EventStore, newEvent, uuid } from '@goes/core'
import type { CaseDef } from '../../case.js'
import { describeError, rejectsWithCode } from '../../util/errors.js'
import { expectExactly, expectNotFound } from '../helpers.js'
import type { StoreOptions } from '../options.js'

type Def = CaseDef<EventStore, StoreOptions>
type Kind = 'id' | 'aggregate'

const BATCH = 5

/** A stored event S and a clean batch of BATCH events of a fresh aggregate, versions 1…5. */
function setup(): { stored: Event; batch: Event[] } {
  const stored = newEvent('test.stored', { v: 'stored' }, { aggregate: { name: 'test.agg', id: uuid(), version: 1 } })
  const agg = uuid()
  const batch = Array.from({ length: BATCH }, (_, i) =>
    newEvent('test.batch', { i }, { aggregate: { name: 'test.agg', id: agg, version: i + 1 } }),
  )
  return { stored, batch }
}

/** An event that conflicts with `other` only by `kind`: same id, or same aggregate and version. */
function conflicting(other: Event, kind: Kind): Event {
  if (kind === 'id') {
    // Different name, data and aggregate: only the id clashes.
    return newEvent(
      'test.dupe',
      { v: 'dupe' },
      { id: other.id, aggregate: { name: 'test.agg', id: uuid(), version: 1 } },
    )
  }
  return newEvent('test.dupe', { v: 'dupe' }, { aggregate: other.aggregate! })
}

/**
 * Inserts S, then a batch whose event at `at` conflicts (with S, or with the batch's event at
 * `with`); expects CONSISTENCY, then checks that S alone is stored and no event of the batch is,
 * and finally that the batch minus the culprit inserts cleanly.
 */
async function rejectsWhole(store: EventStore, kind: Kind, at: number, withIndex: number | 'stored'): Promise<void> {
  const { stored, batch } = setup()
  await store.insert([stored])
  const culprit = conflicting(withIndex === 'stored' ? stored : batch[withIndex]!, kind)
  const bad = batch.slice()
  bad[at] = culprit
  const where = withIndex === 'stored' ? 'a stored event' : `the batch's event #${withIndex}`
  const what = `a batch of ${BATCH} whose event #${at} duplicates the ${kind === 'id' ? 'id' : '(aggregate, version)'} of ${where}`
  await rejectsWithCode(() => store.insert(bad), 'CONSISTENCY', `insert of ${what}`)
  await expectExactly(store, [stored], `after rejecting ${what}: nothing of the batch may be stored`)
  for (const e of bad) if (e.id !== stored.id) await expectNotFound(store, e.id, `after rejecting ${what}`)
  // The store is not left half-way: the same batch without the culprit goes in.
  const clean = bad.filter((e) => e !== culprit)
  await store.insert(clean)
  await expectExactly(store, [stored, ...clean], `after inserting the batch without the duplicate (${what})`)
}

const POSITIONS: readonly [string, number][] = [
  ['first', 0],
  ['middle', 2],
  ['last', BATCH - 1],
]
// Within the batch: pairs (earlier, later); the later one is the duplicate.
const PAIRS: readonly [string, number, number][] = [
  ['first two', 0, 1],
  ['middle', 1, 3],
  ['last two', 3, 4],
  ['first and last', 0, 4],
]

function duplicateCases(kind: Kind): Def[] {
  const label = kind === 'id' ? 'id' : '(aggregate name, id, version)'
  const stored = POSITIONS.map(
    ([pos, at]): Def => ({
      id: `consistency.${kind}.stored.${pos}`,
      title: `a duplicate ${label} of a stored event as the ${pos} event of a batch rejects the whole batch with CONSISTENCY`,
      body: (store) => rejectsWhole(store, kind, at, 'stored'),
    }),
  )
  const within = PAIRS.map(
    ([pos, first, second]): Def => ({
      id: `consistency.${kind}.batch.${pos.replaceAll(' ', '-')}`,
      title: `a duplicate ${label} within a batch (${pos}) rejects the whole batch with CONSISTENCY`,
      body: (store) => rejectsWhole(store, kind, second, first),
    }),
  )
  return [...stored, ...within]
}

export const consistencyCases: readonly Def[] = [
  ...duplicateCases('id'),
  ...duplicateCases('aggregate'),
  {
    id: 'consistency.reinsert',
    title: 'inserting a stored event again rejects with CONSISTENCY and changes nothing',
    async body(store) {
      const { stored, batch } = setup()
      await store.insert([stored, ...batch])
      await rejectsWithCode(() => store.insert([stored]), 'CONSISTENCY', 'insert of an already stored event')
      await rejectsWithCode(() => store.insert(batch), 'CONSISTENCY', 'insert of an already stored batch')
      await expectExactly(store, [stored, ...batch], 'after the rejected re-inserts')
    },
  },
  {
    id: 'consistency.distinct',
    title: 'events differing only in aggregate name, aggregate id or version do not conflict',
    async body(store) {
      const id = uuid()
      const events = [
        newEvent('test.a', 1, { aggregate: { name: 'test.one', id, version: 1 } }),
        newEvent('test.a', 2, { aggregate: { name: 'test.two', id, version: 1 } }),
        newEvent('test.a', 3, { aggregate: { name: 'test.one', id: uuid(), version: 1 } }),
        newEvent('test.a', 4, { aggregate: { name: 'test.one', id, version: 2 } }),
        newEvent('test.a', 5),
        newEvent('test.a', 6),
      ]
      await store.insert(events.slice(0, 3))
      try {
        await store.insert(events.slice(3))
      } catch (err) {
        assert.fail(`events that share no id and no (aggregate, version) must insert, got ${describeError(err)}`)
      }
      await expectExactly(store, events, 'after inserting non-conflicting events')
    },
  },
]
