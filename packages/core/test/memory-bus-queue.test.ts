// The per-subscription queue of the MemoryBus (segments instead of a doubling ring) and the
// publish fast path (cached routes per name, synchronous delivery, a settled promise).

import { EventQueue } from '../src/bus/memory-queue.js'
import { type Event, isGoesError, MemoryBus, newEvent, type Subscription } from '../src/index.js'

const ev = (name: string, data: unknown = null) => newEvent(name, data)

async function take(it: AsyncIterator<Event>, n: number): Promise<Event[]> {
  const out: Event[] = []
  for (let i = 0; i < n; i++) {
    const r = await it.next()
    if (r.done === true) break
    out.push(r.value)
  }
  return out
}

describe('EventQueue', () => {
  it('keeps FIFO order through many segments, with the reader behind, level and ahead', async () => {
    const q = new EventQueue(Number.POSITIVE_INFINITY, () => {})
    const events = Array.from({ length: 5000 }, (_, i) => ev('q.e', i))
    let pushed = 0
    const got: Event[] = []
    // Bursts of varying size, each followed by reading a varying amount.
    for (let round = 0; pushed < events.length; round++) {
      const burst = Math.min((round * 37) % 1500, events.length - pushed)
      for (let i = 0; i < burst; i++) q.push(events[pushed++]!)
      got.push(...(await take(q, Math.min(q.size, (round * 53) % 1200))))
    }
    got.push(...(await take(q, q.size)))
    expect(got.length).toBe(events.length)
    for (let i = 0; i < got.length; i++) if (got[i] !== events[i]) throw new Error(`event ${i} out of order`)
    expect(q.size).toBe(0)
  })

  it('hands events to pending next() calls in call order', async () => {
    const q = new EventQueue(Number.POSITIVE_INFINITY, () => {})
    const pending = [q.next(), q.next(), q.next()]
    const [a, b, c] = [ev('q.e', 1), ev('q.e', 2), ev('q.e', 3)]
    q.push(a)
    q.push(b)
    q.push(c)
    expect((await Promise.all(pending)).map((r) => r.value)).toEqual([a, b, c])
    expect(q.size).toBe(0)
  })

  it('end() drops the buffer, ends pending and later next() calls, ignores later pushes', async () => {
    const q = new EventQueue(Number.POSITIVE_INFINITY, () => {})
    for (let i = 0; i < 100; i++) q.push(ev('q.e', i))
    q.end()
    expect(q.size).toBe(0)
    expect(await q.next()).toEqual({ value: undefined, done: true })
    const idle = new EventQueue(Number.POSITIVE_INFINITY, () => {})
    const waiting = idle.next()
    idle.end()
    idle.end()
    expect(await waiting).toEqual({ value: undefined, done: true })
    idle.push(ev('q.e'))
    expect(idle.size).toBe(0)
    expect((await idle.next()).done).toBe(true)
  })

  it('return() (a break) reports to its owner', async () => {
    let returned = 0
    const q = new EventQueue(Number.POSITIVE_INFINITY, () => {
      returned++
    })
    q.push(ev('q.e'))
    for await (const _ of { [Symbol.asyncIterator]: () => q }) break
    expect(returned).toBe(1)
  })

  it('whenWritable waits at the high-water mark until a read, or until the end', async () => {
    const q = new EventQueue(2, () => {})
    q.push(ev('q.e', 1))
    let writable = false
    await q.whenWritable()
    q.push(ev('q.e', 2))
    const wait = q.whenWritable().then(() => {
      writable = true
    })
    await null
    await null
    expect(writable).toBe(false)
    await q.next()
    await wait
    expect(writable).toBe(true)
    q.push(ev('q.e', 3))
    const ended = q.whenWritable()
    q.end()
    await ended
  })
})

describe('MemoryBus publish fast path', () => {
  it('rejects bad input with a rejected promise, never a synchronous throw', async () => {
    const bus = new MemoryBus()
    let p: Promise<void> | undefined
    expect(() => {
      p = bus.publish('nope' as unknown as Event[])
    }).not.toThrow()
    const err = await p!.catch((e: unknown) => e)
    expect(isGoesError(err, 'INVALID_EVENT')).toBe(true)
  })

  it('routes by name correctly while subscribers come and go between publishes', async () => {
    const bus = new MemoryBus()
    const subs: [Subscription, string[]][] = []
    const expected = new Map<Subscription, Event[]>()
    const names = ['r.a', 'r.b', 'r.c']
    const subscribe = async (which: string[] | '*') => {
      const sub = await bus.subscribe(which)
      subs.push([sub, which === '*' ? names : which])
      expected.set(sub, [])
    }
    await subscribe(['r.a'])
    for (let round = 0; round < 6; round++) {
      // A batch with runs of equal names and alternating ones.
      const batch = ['r.a', 'r.a', 'r.b', 'r.a', 'r.c', 'r.c', 'r.b'].map((n, i) => ev(n, round * 10 + i))
      await bus.publish(batch)
      for (const [sub, wanted] of subs) {
        if (!expected.has(sub)) continue
        expected.get(sub)!.push(...batch.filter((e) => wanted.includes(e.name)))
      }
      if (round === 0) await subscribe('*')
      if (round === 1) await subscribe(['r.b', 'r.c'])
      if (round === 2) await subscribe('*')
      if (round === 3) {
        const [first] = subs[1]!
        await first.close()
        expected.delete(first)
      }
      if (round === 4) await subscribe(['r.a'])
    }
    for (const [sub] of subs) {
      const want = expected.get(sub)
      if (want === undefined) continue
      const got = await take(sub[Symbol.asyncIterator](), want.length)
      expect(got.map((e) => e.data)).toEqual(want.map((e) => e.data))
      await sub.close()
    }
  })

  it('groups still share events round-robin next to wildcard and named subscribers', async () => {
    const bus = new MemoryBus()
    const g1 = await bus.subscribe(['g.a'], { group: 'workers' })
    const g2 = await bus.subscribe(['g.a'], { group: 'workers' })
    const all = await bus.subscribe('*')
    const named = await bus.subscribe(['g.a'])
    const batch = Array.from({ length: 6 }, (_, i) => ev('g.a', i))
    await bus.publish(batch)
    expect((await take(all[Symbol.asyncIterator](), 6)).map((e) => e.data)).toEqual([0, 1, 2, 3, 4, 5])
    expect((await take(named[Symbol.asyncIterator](), 6)).map((e) => e.data)).toEqual([0, 1, 2, 3, 4, 5])
    expect((await take(g1[Symbol.asyncIterator](), 3)).map((e) => e.data)).toEqual([0, 2, 4])
    expect((await take(g2[Symbol.asyncIterator](), 3)).map((e) => e.data)).toEqual([1, 3, 5])
  })
})
