import assert from 'node:assert/strict'
import { type EventStore, newEvent } from '@goes/core'
import type { CaseDef } from '../../case.js'
import { describeError, rejectsWithCode } from '../../util/errors.js'
import { within } from '../../util/wait.js'
import { expectExactly, insertInBatches, queryAll } from '../helpers.js'
import type { StoreOptions } from '../options.js'
import { someEvents } from './basic.js'

type Def = CaseDef<EventStore, StoreOptions>

function aborted(): AbortSignal {
  const c = new AbortController()
  c.abort(new Error('test abort'))
  return c.signal
}

export const abortCases: readonly Def[] = [
  {
    id: 'abort.query',
    title: 'a query rejects with ABORTED when its signal is aborted, before or during iteration',
    async body(store) {
      const events = someEvents(50)
      await insertInBatches(store, events, 25)
      await rejectsWithCode(() => queryAll(store, {}, aborted()), 'ABORTED', 'query with an aborted signal')

      const c = new AbortController()
      const it = store.query({ sort: [{ by: 'time', dir: 'asc' }] }, { signal: c.signal })[Symbol.asyncIterator]()
      for (let i = 0; i < 3; i++) {
        const r = await within(it.next(), 10_000, `event #${i} of the query`)
        assert.equal(r.done, false, `the query ended after ${i} of 50 events`)
      }
      c.abort(new Error('test abort'))
      await rejectsWithCode(
        () => within(it.next(), 10_000, 'the next step after abort'),
        'ABORTED',
        'the next step of a query whose signal was aborted mid-iteration',
      )
      // The store still answers other queries.
      assert.equal((await queryAll(store)).length, 50, 'a query after an aborted one')
    },
  },
  {
    id: 'abort.ops',
    title: 'insert, find and delete with an aborted signal reject with ABORTED and change nothing',
    async body(store) {
      const events = someEvents(6)
      await store.insert(events.slice(0, 3))
      await rejectsWithCode(
        () => store.insert(events.slice(3), { signal: aborted() }),
        'ABORTED',
        'insert with an aborted signal',
      )
      await rejectsWithCode(
        () => store.find(events[0]!.id, { signal: aborted() }),
        'ABORTED',
        'find with an aborted signal',
      )
      await rejectsWithCode(
        () => store.delete([events[0]!], { signal: aborted() }),
        'ABORTED',
        'delete with an aborted signal',
      )
      await expectExactly(store, events.slice(0, 3), 'after the aborted operations')
      try {
        await store.insert([newEvent('test.after', 1)], { signal: new AbortController().signal })
      } catch (err) {
        assert.fail(`insert with a live signal must work, got ${describeError(err)}`)
      }
    },
  },
]
