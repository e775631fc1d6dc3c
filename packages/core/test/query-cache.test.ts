import { QueryCache } from '../src/cache/index.js'
import {
  type Event,
  type EventStore,
  isGoesError,
  NotFoundError,
  newEvent,
  type SignalOptions,
  uuid,
} from '../src/index.js'
import { compileQuery, type Query, sortEvents } from '../src/query/index.js'

// A tiny array-backed store, enough to unit-test the cache; it counts queries and can hold
// them at a gate to make misses overlap.
class ArrayStore implements EventStore {
  events: Event[] = []
  queries = 0
  gate: Promise<void> | undefined
  fail: Error | undefined
  signals: AbortSignal[] = []

  async insert(events: readonly Event[]): Promise<void> {
    this.events.push(...events)
  }
  async find(id: string): Promise<Event> {
    const e = this.events.find((x) => x.id === id)
    if (e === undefined) throw new NotFoundError(`no event ${id}`)
    return e
  }
  async *query(q: Query = {}, options: SignalOptions = {}): AsyncIterable<Event> {
    this.queries++
    if (options.signal) this.signals.push(options.signal)
    await this.gate
    if (this.fail) throw this.fail
    yield* sortEvents(this.events.filter(compileQuery(q)), q.sort)
  }
  async delete(events: readonly Pick<Event, 'id'>[]): Promise<void> {
    const ids = new Set(events.map((e) => e.id))
    this.events = this.events.filter((e) => !ids.has(e.id))
  }
}

const L1 = uuid()
const L2 = uuid()

function setup(options: ConstructorParameters<typeof QueryCache>[1] = {}) {
  const store = new ArrayStore()
  let version = { [L1]: 0, [L2]: 0 }
  for (let i = 0; i < 10; i++) {
    const id = i % 2 === 0 ? L1 : L2
    version = { ...version, [id]: version[id]! + 1 }
    store.events.push(
      newEvent(
        i % 3 === 0 ? 'todo.removed' : 'todo.added',
        { i },
        {
          time: BigInt(1000 - i),
          aggregate: { name: 'todo.list', id, version: version[id]! },
        },
      ),
    )
  }
  store.events.push(newEvent('system.tick', null, { time: 5n }))
  let clock = 0
  const cache = new QueryCache(store, { now: () => clock, ...options })
  return { store, cache, tick: (ms: number) => (clock += ms) }
}

function gate() {
  let open!: () => void
  const promise = new Promise<void>((resolve) => (open = resolve))
  return { promise, open }
}

describe('QueryCache', () => {
  it('answers a repeated query from the cache', async () => {
    const { store, cache } = setup()
    const first = await cache.result({ names: ['todo.added'] })
    const second = await cache.result({ names: ['todo.added'] })
    expect(first.cached).toBe(false)
    expect(second.cached).toBe(true)
    expect(second.events).toBe(first.events)
    expect(first.events.map((e) => e.name)).toEqual(Array(first.events.length).fill('todo.added'))
    expect(first.events.length).toBeGreaterThan(0)
    expect(store.queries).toBe(1)
    expect(Object.isFrozen(first.events)).toBe(true)
  })

  it('keys by the canonical query: order and duplicates do not matter', async () => {
    const { store, cache } = setup({ useSupersets: false })
    await cache.result({ names: ['todo.added', 'todo.removed'], times: { max: 999n, min: 0n } })
    const r = await cache.result({ times: { min: 0n, max: 999n }, names: ['todo.removed', 'todo.added', 'todo.added'] })
    expect(r.cached).toBe(true)
    expect(store.queries).toBe(1)
  })

  it('shares one store query between identical concurrent misses', async () => {
    const { store, cache } = setup()
    const g = gate()
    store.gate = g.promise
    const results = [cache.result({ names: ['todo.added'] }), cache.result({ names: ['todo.added'] })]
    g.open()
    const [a, b] = await Promise.all(results)
    expect(store.queries).toBe(1)
    expect(a!.events).toBe(b!.events)
  })

  it('answers from a fresh superset entry by filtering and sorting', async () => {
    const { store, cache } = setup()
    await cache.result({ aggregateNames: ['todo.list'] })
    const q: Query = { aggregates: [{ name: 'todo.list', id: L1 }], sort: [{ by: 'aggregateVersion', dir: 'desc' }] }
    const r = await cache.result(q)
    expect(r.cached).toBe(true)
    expect(store.queries).toBe(1)
    const direct = sortEvents(store.events.filter(compileQuery(q)), q.sort)
    expect(r.events).toEqual(direct)
    expect(r.events.map((e) => e.aggregate?.version)).toEqual([5, 4, 3, 2, 1])
    // Not a superset: goes to the store.
    expect((await cache.result({ names: ['system.tick'] })).cached).toBe(false)
    expect(store.queries).toBe(2)
  })

  it('goes to the store for a narrower query when useSupersets is false', async () => {
    const { store, cache } = setup({ useSupersets: false })
    await cache.result({})
    const r = await cache.result({ names: ['todo.added'] })
    expect(r.cached).toBe(false)
    expect(store.queries).toBe(2)
  })

  it('expires entries after ttlMs by the injected clock, supersets included', async () => {
    const { store, cache, tick } = setup({ ttlMs: 1000 })
    await cache.result({})
    tick(999)
    expect((await cache.result({})).cached).toBe(true)
    expect((await cache.result({ names: ['todo.added'] })).cached).toBe(true) // via the {} entry
    tick(1)
    expect((await cache.result({ names: ['todo.removed'] })).cached).toBe(false)
    expect((await cache.result({})).cached).toBe(false)
    expect(store.queries).toBe(3)
  })

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const { store, cache } = setup({ maxEntries: 2, useSupersets: false })
    const q1: Query = { names: ['todo.added'] }
    const q2: Query = { names: ['todo.removed'] }
    const q3: Query = { names: ['system.tick'] }
    await cache.result(q1)
    await cache.result(q2)
    await cache.result(q1) // q1 is now the most recently used
    await cache.result(q3) // evicts q2
    expect(cache.size).toBe(2)
    expect((await cache.result(q1)).cached).toBe(true)
    expect((await cache.result(q3)).cached).toBe(true)
    expect((await cache.result(q2)).cached).toBe(false)
    expect(store.queries).toBe(4)
  })

  it('expire(q) and clear() drop entries', async () => {
    const { store, cache } = setup({ useSupersets: false })
    await cache.result({ names: ['todo.added', 'system.tick'] })
    await cache.result({ names: ['todo.removed'] })
    cache.expire({ names: ['system.tick', 'todo.added'] })
    expect((await cache.result({ names: ['todo.added', 'system.tick'] })).cached).toBe(false)
    expect((await cache.result({ names: ['todo.removed'] })).cached).toBe(true)
    cache.clear()
    expect(cache.size).toBe(0)
    expect((await cache.result({ names: ['todo.removed'] })).cached).toBe(false)
    expect(store.queries).toBe(4)
  })

  it('does not cache a result whose query was expired while in flight', async () => {
    const { store, cache } = setup()
    const g = gate()
    store.gate = g.promise
    const pending = cache.result({ names: ['todo.added'] })
    cache.expire({ names: ['todo.added'] })
    g.open()
    expect((await pending).cached).toBe(false)
    expect((await cache.result({ names: ['todo.added'] })).cached).toBe(false)
    expect(store.queries).toBe(2)
  })

  it('passes a store failure on and caches nothing', async () => {
    const { store, cache } = setup()
    store.fail = new Error('disk on fire')
    await expect(cache.result({})).rejects.toThrow('disk on fire')
    store.fail = undefined
    expect((await cache.result({})).cached).toBe(false)
    expect(store.queries).toBe(2)
  })

  it('honours AbortSignal: aborted callers reject, the store query stops only when nobody waits', async () => {
    const { store, cache } = setup()
    const already = AbortSignal.abort()
    await expect(cache.result({}, { signal: already })).rejects.toMatchObject({ code: 'ABORTED' })
    expect(store.queries).toBe(0)

    const g = gate()
    store.gate = g.promise
    const c1 = new AbortController()
    const c2 = new AbortController()
    const p1 = cache.result({ names: ['todo.added'] }, { signal: c1.signal })
    const p2 = cache.result({ names: ['todo.added'] }, { signal: c2.signal })
    const p3 = cache.result({ names: ['todo.removed'] }, { signal: c2.signal })
    await Promise.resolve()
    c1.abort()
    await expect(p1).rejects.toMatchObject({ code: 'ABORTED' })
    expect(store.signals[0]!.aborted).toBe(false) // p2 still waits
    c2.abort()
    await expect(p2).rejects.toMatchObject({ code: 'ABORTED' })
    await expect(p3).rejects.toMatchObject({ code: 'ABORTED' })
    expect(store.signals.every((s) => s.aborted)).toBe(true)
    g.open()
    // Nothing half-done was cached.
    store.gate = undefined
    expect((await cache.result({ names: ['todo.added'] })).cached).toBe(false)
  })

  it('run() streams the result', async () => {
    const { store, cache } = setup()
    const seen: Event[] = []
    for await (const e of cache.run({ names: ['todo.removed'], sort: [{ by: 'time', dir: 'asc' }] })) seen.push(e)
    const expected = sortEvents(
      store.events.filter((e) => e.name === 'todo.removed'),
      [{ by: 'time', dir: 'asc' }],
    )
    expect(seen).toEqual(expected)
  })

  it('FND-5: rejects malformed queries and options with typed errors', async () => {
    const { store, cache } = setup()
    await expect(cache.result({ names: [] })).rejects.toMatchObject({ code: 'INVALID_QUERY' })
    expect(() => cache.expire({ ids: ['x'] })).toThrow(expect.objectContaining({ code: 'INVALID_QUERY' }))
    for (const options of [{ ttlMs: -1 }, { ttlMs: Number.NaN }, { maxEntries: 0 }, { maxEntries: 1.5 }]) {
      let err: unknown
      try {
        new QueryCache(store, options)
      } catch (e) {
        err = e
      }
      expect(isGoesError(err, 'INVALID_OPTION')).toBe(true)
    }
  })
})
