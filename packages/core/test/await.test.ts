import { MemoryBus } from '../src/bus/index.js'
import { CodecRegistry } from '../src/codec/index.js'
import { awaitEvents, nextEvent } from '../src/handler/index.js'
import { type EventBus, type EventOf, type GoesError, isGoesError, newEvent, type Subscription } from '../src/index.js'

type ShopEvents = { 'shop.order_paid': { amount: number }; 'shop.order_cancelled': { reason: string } }

/** Records the subscriptions a bus hands out, so tests can see they get closed. */
function recordingBus(inner: EventBus): EventBus & { subs: Subscription[] } {
  const subs: Subscription[] = []
  return {
    subs,
    publish: (events, o) => inner.publish(events, o),
    async subscribe(names, o) {
      const sub = await inner.subscribe(names, o)
      subs.push(sub)
      return sub
    },
  }
}

async function settled<T>(p: Promise<T>): Promise<'pending' | 'settled'> {
  let state: 'pending' | 'settled' = 'pending'
  p.then(
    () => {
      state = 'settled'
    },
    () => {
      state = 'settled'
    },
  )
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0))
  return state
}

describe('awaitEvents', () => {
  it('resolves once subscribed, so events published right after are caught; then unsubscribes', async () => {
    const bus = recordingBus(new MemoryBus())
    const waiter = await awaitEvents(bus, 'shop.order_paid')
    const paid = newEvent('shop.order_paid', { amount: 3 })
    await bus.publish([paid])
    const events = await waiter.events
    expect(events.map((e) => e.id)).toEqual([paid.id])
    await bus.subs[0]!.closed // unsubscribed after the first event
  })

  it('waits for `count` events of several names, in arrival order, ignoring others', async () => {
    const bus = new MemoryBus()
    const waiter = await awaitEvents<EventOf<ShopEvents>>(bus, ['shop.order_paid', 'shop.order_cancelled'], {
      count: 3,
    })
    const events = [
      newEvent('shop.order_paid', { amount: 1 }),
      newEvent('shop.other', {}),
      newEvent('shop.order_cancelled', { reason: 'late' }),
      newEvent('shop.order_paid', { amount: 2 }),
      newEvent('shop.order_paid', { amount: 3 }),
    ]
    const pending = settled(waiter.events)
    await bus.publish(events.slice(0, 3))
    expect(await pending).toBe('pending') // two of three so far
    await bus.publish(events.slice(3))
    const got = await waiter.events
    expect(got.map((e) => e.id)).toEqual([events[0]!.id, events[2]!.id, events[3]!.id])
    const first = got[0]!
    if (first.name === 'shop.order_paid') expect(first.data.amount).toBe(1)
  })

  it('waits for any name with "*"', async () => {
    const bus = new MemoryBus()
    const waiter = await awaitEvents(bus, '*', { count: 2 })
    const events = [newEvent('any.one', 1), newEvent('any.two', 2)]
    await bus.publish(events)
    expect((await waiter.events).map((e) => e.name)).toEqual(['any.one', 'any.two'])
  })

  it('counts only events the filter accepts', async () => {
    const bus = new MemoryBus()
    const waiter = await awaitEvents<EventOf<ShopEvents, 'shop.order_paid'>>(bus, 'shop.order_paid', {
      count: 2,
      filter: (e) => e.data.amount > 10,
    })
    const amounts = [5, 50, 7, 70, 700]
    await bus.publish(amounts.map((amount) => newEvent('shop.order_paid', { amount })))
    expect((await waiter.events).map((e) => e.data.amount)).toEqual([50, 70])
  })

  it('rejects with what the filter throws, and unsubscribes', async () => {
    const bus = recordingBus(new MemoryBus())
    const bad = new Error('bad filter')
    const waiter = await awaitEvents(bus, 'f.x', {
      filter: () => {
        throw bad
      },
    })
    await bus.publish([newEvent('f.x', 1)])
    await expect(waiter.events).rejects.toBe(bad)
    await bus.subs[0]!.closed
  })

  it('times out with TIMEOUT naming the names and the count, and unsubscribes', async () => {
    const bus = recordingBus(new MemoryBus())
    const waiter = await awaitEvents(bus, ['t.first', 't.second'], { count: 2, timeoutMs: 20 })
    await bus.publish([newEvent('t.first', 1)])
    const err = (await waiter.events.catch((e: unknown) => e)) as GoesError
    expect(isGoesError(err, 'TIMEOUT')).toBe(true)
    expect(err.message).toContain('"t.first", "t.second"')
    expect(err.message).toContain('2 event(s)')
    expect(err.message).toContain('(1 arrived)')
    await bus.subs[0]!.closed
  })

  it('rejects with ABORTED when the signal aborts, before or after subscribing, and unsubscribes', async () => {
    const bus = recordingBus(new MemoryBus())
    await expect(awaitEvents(bus, 'a.x', { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'ABORTED' })
    expect(bus.subs).toHaveLength(0)

    const controller = new AbortController()
    const waiter = await awaitEvents(bus, 'a.x', { signal: controller.signal })
    controller.abort(new Error('user left'))
    const err = (await waiter.events.catch((e: unknown) => e)) as GoesError
    expect(err.code).toBe('ABORTED')
    expect((err.cause as Error).message).toBe('user left')
    await bus.subs[0]!.closed
  })

  it('cancel rejects the waiting with ABORTED and unsubscribes; it is idempotent', async () => {
    const bus = recordingBus(new MemoryBus())
    const waiter = await awaitEvents(bus, 'c.x')
    await waiter.cancel()
    await waiter.cancel()
    await bus.subs[0]!.closed
    await expect(waiter.events).rejects.toMatchObject({ code: 'ABORTED' })
    await bus.publish([newEvent('c.x', 1)]) // nothing left listening
  })

  it('a cancelled or timed-out waiter nobody awaits causes no unhandled rejection', async () => {
    const bus = new MemoryBus()
    const unhandled: unknown[] = []
    const onUnhandled = (r: unknown) => unhandled.push(r)
    process.on('unhandledRejection', onUnhandled)
    try {
      await (await awaitEvents(bus, 'u.x')).cancel()
      await awaitEvents(bus, 'u.x', { timeoutMs: 1 })
      await new Promise((r) => setTimeout(r, 20))
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
    expect(unhandled).toEqual([])
  })

  it('reports subscription errors to onError and keeps waiting', async () => {
    const bus = new MemoryBus({ codecs: new CodecRegistry({ unknownNames: 'json' }) })
    const errors: GoesError[] = []
    const waiter = await awaitEvents(bus, 'w.ok', { onError: (e) => errors.push(e) })
    await bus.publishRaw('w.ok', new Uint8Array([1, 2, 3]))
    while (errors.length === 0) await new Promise((r) => setTimeout(r, 1))
    const ok = newEvent('w.ok', { ok: true })
    await bus.publish([ok])
    expect((await waiter.events)[0]?.id).toBe(ok.id)
    expect(errors.map((e) => e.code)).toEqual(['MALFORMED_MESSAGE'])
  })

  it('rejects bad arguments with typed errors', async () => {
    const bus = new MemoryBus()
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'resolved',
        (e: unknown) => (isGoesError(e) ? e.code : String(e)),
      )
    for (const count of [0, -1, 1.5, Number.NaN])
      expect(await code(awaitEvents(bus, 'b.x', { count }))).toBe('INVALID_OPTION')
    for (const timeoutMs of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(await code(awaitEvents(bus, 'b.x', { timeoutMs }))).toBe('INVALID_OPTION')
    }
    expect(await code(awaitEvents(bus, 'b.x', { filter: 'yes' as never }))).toBe('INVALID_OPTION')
    expect(await code(awaitEvents(bus, []))).toBe('INVALID_NAME')
    expect(await code(awaitEvents(bus, ''))).toBe('INVALID_NAME')
    expect(await code(awaitEvents({} as EventBus, 'b.x'))).toBe('INVALID_OPTION')
  })
})

describe('nextEvent', () => {
  it('resolves with the next matching event', async () => {
    const bus = recordingBus(new MemoryBus())
    const next = nextEvent(bus, ['n.a', 'n.b'], { filter: (e) => e.name === 'n.b' })
    const b = newEvent('n.b', 2)
    // nextEvent subscribes inside the call: publish only once it is listening (see its race note).
    while (bus.subs.length === 0) await new Promise((r) => setTimeout(r, 0))
    await bus.publish([newEvent('n.a', 1), b])
    expect((await next).id).toBe(b.id)
  })

  it('passes the timeout on', async () => {
    const bus = new MemoryBus()
    await expect(nextEvent(bus, 'n.never', { timeoutMs: 5 })).rejects.toMatchObject({ code: 'TIMEOUT' })
  })
})
