import { MemoryBus } from '../src/bus/index.js'
import { EventHandler } from '../src/handler/index.js'
import { ReplayMemory } from '../src/handler/replay-memory.js'
import {
  type Event,
  type EventBus,
  type EventStore,
  GoesError,
  newEvent,
  nowNano,
  type Query,
  type Subscription,
} from '../src/index.js'
import { MemoryStore } from '../src/store/index.js'

const DAY = 24n * 3600n * 1_000_000_000n
const SECOND = 1_000_000_000n

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 20_000; i++) {
    if (cond()) return
    await new Promise((r) => setTimeout(r, 1))
  }
  throw new Error(`timed out waiting for: ${what}`)
}

/** A store that delegates to `inner` but runs `beforeQuery` when a query starts iterating. */
function hookedStore(inner: EventStore, beforeQuery: () => Promise<void>): EventStore & { queries: Query[] } {
  const queries: Query[] = []
  return {
    queries,
    insert: (events, o) => inner.insert(events, o),
    find: (id, o) => inner.find(id, o),
    delete: (events, o) => inner.delete(events, o),
    query(q, o) {
      queries.push(q ?? {})
      return (async function* () {
        await beforeQuery()
        yield* inner.query(q, o)
      })()
    },
  }
}

/** Records the subscriptions a bus hands out. */
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

describe('EventHandler startup replay', () => {
  it('startup replay restricted by a query: only matching stored events replayed, then live ones, no duplicates of events both stored and published during start', async () => {
    const bus = new MemoryBus()
    const memory = new MemoryStore()
    const now = nowNano()
    const at = (name: string, tag: string, time: bigint) => newEvent(name, { tag }, { time })
    const tooOld = [at('mail.requested', 'old-1', now - 10n * DAY), at('mail.cancelled', 'old-2', now - 8n * DAY)]
    const recent = [
      at('mail.requested', 'recent-1', now - 3n * DAY),
      at('mail.cancelled', 'recent-2', now - 2n * DAY),
      at('mail.requested', 'recent-3', now - 1n * DAY),
    ]
    const unregistered = at('audit.logged', 'other', now - 1n * DAY)
    // Stored before the handler starts, published only after it subscribed (an insert-then-publish lag).
    const lagging = at('mail.requested', 'lagging', now)
    await memory.insert([recent[2]!, tooOld[1]!, unregistered, recent[0]!, lagging, tooOld[0]!, recent[1]!])

    // Written by "someone else" between the handler's subscribe and its replay query: stored AND live.
    const during = [newEvent('mail.requested', { tag: 'during-1' }), newEvent('mail.cancelled', { tag: 'during-2' })]
    const store = hookedStore(memory, async () => {
      await memory.insert(during)
      await bus.publish(during)
    })

    const handled: string[] = []
    const handler = new EventHandler(bus, {
      startup: { store, query: { times: { min: now - 7n * DAY } } },
    }).on(['mail.requested', 'mail.cancelled'], (e: Event) => {
      handled.push((e.data as { tag: string }).tag)
    })
    const running = await handler.start()
    expect(store.queries[0]?.names).toEqual(['mail.requested', 'mail.cancelled'])

    await running.replayed
    const replayedTags = ['recent-1', 'recent-2', 'recent-3', 'lagging', 'during-1', 'during-2']
    expect(handled).toEqual(replayedTags)

    const live = newEvent('mail.requested', { tag: 'live' })
    await bus.publish([lagging])
    await bus.publish([live])
    await until(() => handled.includes('live'), 'the live event')
    await running.stop()
    expect(handled).toEqual([...replayedTags, 'live'])
  })

  it('intersects the query names with the registered names', async () => {
    const bus = new MemoryBus()
    const store = new MemoryStore()
    const a = newEvent('inv.created', 1)
    const b = newEvent('inv.paid', 2)
    const c = newEvent('inv.voided', 3)
    await store.insert([a, b, c])
    const handled: string[] = []
    const running = await new EventHandler(bus, { startup: { store, query: { names: ['inv.paid', 'inv.voided'] } } })
      .on(['inv.created', 'inv.paid'], (e) => void handled.push(e.id))
      .start()
    await running.replayed
    await running.stop()
    expect(handled).toEqual([b.id])
  })

  it('skips the replay when the query names none of the registered names', async () => {
    const bus = new MemoryBus()
    const memory = new MemoryStore()
    await memory.insert([newEvent('x.a', 1)])
    const store = hookedStore(memory, async () => {})
    const running = await new EventHandler(bus, { startup: { store, query: { names: ['x.b'] } } })
      .on('x.a', () => {})
      .start()
    await running.replayed
    await running.stop()
    expect(store.queries).toHaveLength(0)
  })

  it('rejects start() with the store error when the replay query fails, closes the subscription, and can start again', async () => {
    const bus = recordingBus(new MemoryBus())
    let fail = true
    const store = hookedStore(new MemoryStore(), async () => {
      if (fail) throw new GoesError('INVALID_QUERY', 'the store refused the query')
    })
    const handler = new EventHandler(bus, { startup: { store } }).on('y.a', () => {})
    await expect(handler.start()).rejects.toMatchObject({ code: 'INVALID_QUERY' })
    expect(bus.subs).toHaveLength(1)
    await bus.subs[0]!.closed
    fail = false
    const running = await handler.start()
    await running.stop()
  })

  it('reports a replay that fails midway and stops', async () => {
    const bus = new MemoryBus()
    const events = [newEvent('z.a', 1), newEvent('z.a', 2)]
    const failure = new GoesError('DECODE_FAILED', 'row 3 is corrupt')
    const store: EventStore = {
      insert: async () => {},
      find: async () => events[0]!,
      delete: async () => {},
      query: () =>
        (async function* () {
          yield* events
          throw failure
        })(),
    }
    const handled: string[] = []
    const running = await new EventHandler(bus, { startup: { store } })
      .on('z.a', (e) => void handled.push(e.id))
      .start()
    await running.done
    const errors: GoesError[] = []
    for await (const err of running.errors) errors.push(err)
    expect(errors).toEqual([failure])
    expect(handled).toEqual(events.map((e) => e.id))
  })

  it('stop during a long replay stops reading the store', async () => {
    const bus = new MemoryBus()
    let released = false
    let handled = 0
    const store: EventStore = {
      insert: async () => {},
      find: async () => newEvent('w.a', 0),
      delete: async () => {},
      query: () =>
        (async function* () {
          try {
            for (let i = 0; ; i++) yield newEvent('w.a', i)
          } finally {
            released = true
          }
        })(),
    }
    const running = await new EventHandler(bus, { startup: { store }, workers: 2 })
      .on('w.a', async () => {
        handled++
        await new Promise((r) => setTimeout(r, 0))
      })
      .start()
    await until(() => handled >= 10, 'some replayed events')
    await running.stop()
    await running.replayed
    const after = handled
    await new Promise((r) => setTimeout(r, 10))
    expect(handled).toBe(after)
    expect(released).toBe(true)
  })
})

describe('ReplayMemory (bounded duplicate detection)', () => {
  const at = (time: bigint) => newEvent('m.e', null, { time })

  it('remembers only events within the window of the live position, and forgets them once passed', () => {
    const start = nowNano()
    const memory = new ReplayMemory(start, 5n * SECOND)
    const old = at(start - 60n * SECOND)
    const recent = at(start - 2n * SECOND)
    const during = at(start + 1n * SECOND)
    for (const e of [old, recent, during]) memory.remember(e)
    expect(memory.size).toBe(2)

    expect(memory.replayed(old)).toBe(false)
    expect(memory.replayed(recent)).toBe(true)
    expect(memory.replayed(recent)).toBe(false) // a duplicate is skipped once
    expect(memory.size).toBe(1)

    // The live stream moves 10 s past `during`: it is forgotten without ever arriving.
    expect(memory.replayed(at(start + 11n * SECOND))).toBe(false)
    expect(memory.size).toBe(0)
  })

  it('with an unbounded window remembers every replayed id until its duplicate arrives', () => {
    const start = nowNano()
    const memory = new ReplayMemory(start, undefined)
    const events = Array.from({ length: 3000 }, (_, i) => at(start - BigInt(3000 - i) * DAY))
    for (const e of events) memory.remember(e)
    expect(memory.replayed(at(start + 100n * DAY))).toBe(false)
    expect(memory.size).toBe(3000)
    expect(events.every((e) => memory.replayed(e))).toBe(true)
    expect(memory.size).toBe(0)
  })

  it('stays bounded over a long live stream', () => {
    const start = nowNano()
    const memory = new ReplayMemory(start, SECOND)
    const ms = 1_000_000n
    const events = Array.from({ length: 5000 }, (_, i) => at(start + BigInt(i) * ms))
    for (const e of events) memory.remember(e)
    expect(memory.size).toBe(5000)
    memory.replayed(at(start + 4n * SECOND)) // horizon 3 s: the first 3000 are passed
    expect(memory.size).toBe(2000)
    memory.replayed(at(start + 5500n * ms)) // horizon 4.5 s
    expect(memory.size).toBe(500)
    expect(memory.replayed(events[4600]!)).toBe(true)
    expect(memory.replayed(events[4400]!)).toBe(false)
    memory.replayed(at(start + 10n * SECOND))
    expect(memory.size).toBe(0)
  })
})
