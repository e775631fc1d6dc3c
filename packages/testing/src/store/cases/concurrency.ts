import assert from 'node:assert/strict'
import { type Event, type EventStore, newEvent, uuid } from '@goes/core'
import type { CaseDef } from '../../case.js'
import { assertCode, describeError } from '../../util/errors.js'
import { assertSameEvent } from '../../util/events.js'
import { expectExactly, expectNotFound, insertInBatches } from '../helpers.js'
import type { StoreOptions } from '../options.js'
import { someEvents } from './basic.js'

type Def = CaseDef<EventStore, StoreOptions>

const SIZE = 5

function freshBatch(tag: string): Event[] {
  const agg = uuid()
  return Array.from({ length: SIZE }, (_, i) =>
    newEvent('test.concurrent', { tag, i }, { aggregate: { name: 'test.agg', id: agg, version: i + 1 } }),
  )
}

/**
 * Two batches that conflict with each other only: the second carries, at position `at`, an
 * event with the id (even groups) or the aggregate and version (odd groups) of the first's.
 */
function rivalBatches(group: number): [Event[], Event[]] {
  const a = freshBatch(`g${group}a`)
  const b = freshBatch(`g${group}b`)
  const at = group % SIZE
  const victim = a[(group * 3) % SIZE]!
  b[at] =
    group % 2 === 0
      ? newEvent(
          'test.concurrent',
          { rival: group },
          { id: victim.id, aggregate: { name: 'test.agg', id: uuid(), version: 1 } },
        )
      : newEvent('test.concurrent', { rival: group }, { aggregate: victim.aggregate! })
  return [a, b]
}

export const concurrencyCases: readonly Def[] = [
  {
    id: 'concurrent.insert',
    title: 'parallel batches, some conflicting in pairs: exactly one of each pair wins, every loser gets CONSISTENCY',
    async body(store, o) {
      const groups = Math.floor(o.concurrency / 4)
      const pairs = Array.from({ length: groups }, (_, g) => rivalBatches(g))
      const independent = Array.from({ length: o.concurrency - 2 * groups }, (_, i) => freshBatch(`solo${i}`))
      // Interleave so the rivals of a pair are not started back to back.
      const batches = [...pairs.map((p) => p[0]), ...independent, ...pairs.map((p) => p[1])]
      const outcomes = await Promise.allSettled(batches.map((b) => store.insert(b)))
      const result = new Map(batches.map((b, i) => [b, outcomes[i]!]))

      for (const b of independent) {
        const r = result.get(b)!
        assert.equal(
          r.status,
          'fulfilled',
          `a batch without conflicts must insert, got ${r.status === 'rejected' ? describeError(r.reason) : ''}`,
        )
      }
      const winners: Event[] = independent.flat()
      pairs.forEach(([a, b], g) => {
        const ra = result.get(a)!
        const rb = result.get(b)!
        const won = [ra, rb].filter((r) => r.status === 'fulfilled').length
        assert.equal(won, 1, `conflicting pair #${g}: exactly one batch must win, ${won} did`)
        for (const r of [ra, rb])
          if (r.status === 'rejected') assertCode(r.reason, ['CONSISTENCY'], `loser of pair #${g}`)
        winners.push(...(ra.status === 'fulfilled' ? a : b))
      })
      await expectExactly(store, winners, 'after the concurrent inserts: exactly the winning batches')
      const losers = pairs.flatMap(([a, b]) => (result.get(a)!.status === 'fulfilled' ? b : a))
      const winnerIds = new Set(winners.map((e) => e.id))
      for (const e of losers) if (!winnerIds.has(e.id)) await expectNotFound(store, e.id, 'an event of a losing batch')
    },
  },
  {
    id: 'concurrent.find',
    title: 'parallel finds of stored and unknown ids each get the right answer',
    async body(store, o) {
      const events = someEvents(o.concurrency * 4)
      await insertInBatches(store, events, 50)
      const unknown = Array.from({ length: o.concurrency }, () => uuid())
      const [found, missing] = await Promise.all([
        Promise.allSettled(events.map((e) => store.find(e.id))),
        Promise.allSettled(unknown.map((id) => store.find(id))),
      ])
      found.forEach((r, i) => {
        if (r.status === 'rejected')
          assert.fail(`parallel find of stored event #${i} rejected: ${describeError(r.reason)}`)
        assertSameEvent(r.value, events[i]!, `parallel find #${i}`)
      })
      missing.forEach((r, i) => {
        assert.equal(r.status, 'rejected', `parallel find of unknown id #${i} must reject`)
        if (r.status === 'rejected') assertCode(r.reason, ['NOT_FOUND'], `parallel find of unknown id #${i}`)
      })
    },
  },
  {
    id: 'concurrent.delete',
    title: 'parallel, overlapping deletes remove exactly the targeted events',
    async body(store, o) {
      const events = someEvents(o.concurrency * 6)
      await insertInBatches(store, events, 50)
      const doomed = events.filter((_, i) => i % 3 !== 0)
      const chunk = Math.ceil(doomed.length / o.concurrency)
      const calls = Array.from({ length: o.concurrency }, (_, k) => [
        ...doomed.slice(k * chunk, (k + 1) * chunk + 1), // overlaps the next chunk by one
        { id: uuid() },
      ])
      const outcomes = await Promise.allSettled(calls.map((ids) => store.delete(ids)))
      outcomes.forEach((r, k) => {
        if (r.status === 'rejected') assert.fail(`parallel delete #${k} rejected: ${describeError(r.reason)}`)
      })
      await expectExactly(
        store,
        events.filter((_, i) => i % 3 === 0),
        'after the parallel deletes',
      )
      for (const e of doomed) await expectNotFound(store, e.id, 'a deleted event')
    },
  },
]
