import assert from 'node:assert/strict'
import { isGoesError, type Subscription } from '@goes/core'
import { describeError } from '../../util/errors.js'
import { sleep, within } from '../../util/wait.js'
import { busCase } from '../session.js'

export const closeCases = [
  busCase('close.ends', 'close() ends the iteration and its errors, resolves `closed`, is idempotent', async (s) => {
    const name = s.name('closing')
    const sub = await s.subscribe([name])
    const p = s.pump(sub)
    const errors = s.errors(sub)
    await s.publish([s.event(name, 1)])
    await p.waitFor(1, 'the event before close')
    await within(sub.close(), s.o.eventTimeout, 'close()')
    await p.waitEnd('the iteration after close()')
    await errors.waitEnd('the errors iteration after close()')
    await within(sub.closed, s.o.eventTimeout, 'the `closed` promise after close()')
    await within(sub.close(), s.o.eventTimeout, 'a second close()')
    await within(s.publish([s.event(name, 2)]), s.o.eventTimeout, 'a publish after close()')
    await sleep(s.o.quietMs)
    assert.equal(p.items.length, 1, 'an event was delivered after close()')
  }),

  busCase('close.pending', 'close() ends an iteration that is waiting for the next event', async (s) => {
    const sub = await s.subscribe([s.name('waiting')])
    const next = sub[Symbol.asyncIterator]().next()
    await sleep(10)
    await within(sub.close(), s.o.eventTimeout, 'close()')
    const r = await within(next, s.o.eventTimeout, 'the pending next() after close()')
    assert.equal(r.done, true, 'a pending next() should end (done) when the subscription closes')
  }),

  busCase('close.others', 'closing one subscription does not affect another on the same name', async (s) => {
    const name = s.name('shared')
    const a = await s.subscribe([name])
    const pa = s.pump(a)
    const pb = await s.listen([name])
    await a.close()
    await pa.waitEnd('the closed subscription')
    const events = [s.event(name, 1), s.event(name, 2), s.event(name, 3)]
    await s.publish(events)
    const got = await pb.waitFor(3, 'the other subscription')
    assert.deepEqual(
      got.map((e) => e.id),
      events.map((e) => e.id),
      'the other subscription',
    )
  }),

  busCase('close.unread', 'a publish blocked by an unread subscription completes once it is closed', async (s) => {
    const name = s.name('unread')
    const sub = await s.subscribe([name])
    // Nobody reads: a bus with back-pressure may hold the publish; closing must release it.
    const publishing = s.bus.publish(Array.from({ length: 2_000 }, (_, i) => s.event(name, i)))
    publishing.catch(() => {})
    await sleep(20)
    await within(sub.close(), s.o.eventTimeout, 'close() of an unread subscription')
    await within(publishing, s.o.eventTimeout, 'the publish after its only subscriber closed')
    const p = await s.listen([name])
    await s.publish([s.event(name, 'after')])
    await p.waitFor(1, 'an event published after the unread subscription closed')
  }),

  busCase('close.dispose', 'Symbol.asyncDispose (what `await using` calls) closes the subscription', async (s) => {
    const name = s.name('disposed')
    const sub = await s.subscribe([name])
    const p = s.pump(sub)
    assert.equal(typeof sub[Symbol.asyncDispose], 'function', 'a subscription must implement Symbol.asyncDispose')
    await within(Promise.resolve(sub[Symbol.asyncDispose]()), s.o.eventTimeout, 'asyncDispose')
    await p.waitEnd('the iteration after asyncDispose')
    await within(sub.closed, s.o.eventTimeout, 'the `closed` promise after asyncDispose')
  }),

  busCase('close.signal', 'aborting the subscribe signal closes the subscription', async (s) => {
    const name = s.name('signalled')
    const c = new AbortController()
    const sub = await s.subscribe([name], { signal: c.signal })
    const p = s.pump(sub)
    await s.publish([s.event(name, 1)])
    await p.waitFor(1, 'the event before abort')
    c.abort(new Error('test abort'))
    await p.waitEnd('the iteration after abort')
    await within(sub.closed, s.o.eventTimeout, 'the `closed` promise after abort')

    // An already aborted signal: either subscribe rejects with ABORTED, or the subscription is closed.
    const done = new AbortController()
    done.abort(new Error('test abort'))
    let early: Subscription | undefined
    try {
      early = await s.subscribe([name], { signal: done.signal })
    } catch (err) {
      assert.ok(
        isGoesError(err, 'ABORTED'),
        `subscribe with an aborted signal: expected ABORTED, got ${describeError(err)}`,
      )
    }
    if (early !== undefined) await s.pump(early).waitEnd('a subscription made with an aborted signal')
  }),

  busCase('close.break', 'breaking out of a for-await loop closes the subscription', async (s) => {
    const name = s.name('broken')
    const sub = await s.subscribe([name])
    const loop = (async () => {
      for await (const _ of sub) break
    })()
    await s.publish([s.event(name, 1), s.event(name, 2)])
    await within(loop, s.o.eventTimeout, 'the loop to get an event and break')
    await within(sub.closed, s.o.eventTimeout, 'the `closed` promise after breaking out of the loop')
    await within(
      s.publish(Array.from({ length: 100 }, (_, i) => s.event(name, i))),
      s.o.eventTimeout,
      'publish after break',
    )
  }),
]
