import { CachedRepository, isGoesError, Repository, TypedRepository, uuid } from '../src/index.js'
import { Counter, collect, RecordingStore, rejection } from './repository-fixtures.js'

function setup(options?: ConstructorParameters<typeof CachedRepository>[1]) {
  const store = new RecordingStore()
  const counters = new TypedRepository(new Repository(store), (id) => new Counter(id))
  return { store, counters, cached: new CachedRepository(counters, options) }
}

describe('CachedRepository', () => {
  it('fetch reads the store once per id and then hands out the cached aggregate', async () => {
    const { store, counters, cached } = setup()
    const [a, b] = [uuid(), uuid()]
    await counters.use(a, (c) => c.increment(2))
    await counters.use(b, (c) => c.increment(5))
    store.reset()
    const first = await cached.fetch(a)
    const second = await cached.fetch(a)
    expect(second).toBe(first)
    expect(first.count).toBe(2)
    expect(store.queries).toHaveLength(1)
    expect(cached.factory).toBe(counters.factory)
    expect((await cached.fetch(b)).count).toBe(5)
    expect(store.queries).toHaveLength(2)
  })

  it('concurrent misses share one fetch; a failed fetch is not cached', async () => {
    const { store, counters, cached } = setup()
    const id = uuid()
    await counters.use(id, (c) => c.increment())
    store.reset()
    const all = await Promise.all([cached.fetch(id), cached.fetch(id), cached.fetch(id)])
    expect(new Set(all).size).toBe(1)
    expect(store.queries).toHaveLength(1)

    const gone = uuid()
    await counters.use(gone, (c) => c.remove())
    expect(isGoesError(await rejection(cached.fetch(gone)), 'AGGREGATE_DELETED')).toBe(true)
    await counters.use(gone, (c) => c.undelete(), { includeDeleted: true })
    expect((await cached.fetch(gone)).softDeleted).toBe(false)
  })

  it('save, use and delete through the cache invalidate the aggregate', async () => {
    const { store, cached } = setup()
    const id = uuid()
    await cached.use(id, (c) => c.increment())
    expect((await cached.fetch(id)).count).toBe(1)
    await cached.use(id, (c) => c.increment())
    expect((await cached.fetch(id)).count).toBe(2)

    const fresh = await cached.repository.fetch(id)
    fresh.increment(10)
    await cached.save(fresh)
    expect((await cached.fetch(id)).count).toBe(12)

    await cached.delete(id)
    expect((await cached.fetch(id)).aggregateVersion).toBe(0)
    store.reset()
    await cached.fetch(id)
    expect(store.queries).toHaveLength(0)
  })

  it('writes that bypass the cache are not seen until clear(id) or reset()', async () => {
    const { counters, cached } = setup()
    const [a, b] = [uuid(), uuid()]
    await counters.use(a, (c) => c.increment())
    await counters.use(b, (c) => c.increment())
    await cached.fetch(a)
    await cached.fetch(b)
    await counters.use(a, (c) => c.increment())
    await counters.use(b, (c) => c.increment())
    expect((await cached.fetch(a)).count).toBe(1) // stale, by design
    cached.clear(a)
    expect((await cached.fetch(a)).count).toBe(2)
    expect((await cached.fetch(b)).count).toBe(1) // clear(a) kept b
    cached.reset()
    expect((await cached.fetch(b)).count).toBe(2)
  })

  it('caches query results per query (however written) and forgets them on writes and clear', async () => {
    const { store, cached } = setup()
    const ids = [uuid(), uuid(), uuid()]
    for (const id of ids) await cached.use(id, (c) => c.increment())
    store.reset()
    const q1 = await collect(cached.query({ aggregateIds: [ids[0]!, ids[1]!] }))
    const q2 = await collect(cached.query({ aggregateIds: [ids[1]!, ids[0]!] })) // same query, other order
    expect(q2).toEqual(q1)
    expect(q2[0]).toBe(q1[0])
    expect(store.queries).toHaveLength(1)
    expect(await collect(cached.query())).toHaveLength(3)
    expect(store.queries).toHaveLength(2)

    await cached.use(ids[2]!, (c) => c.remove())
    expect(await collect(cached.query())).toHaveLength(2)
    expect(await collect(cached.query({}, { includeDeleted: true }))).toHaveLength(3)
    store.reset()
    await collect(cached.query())
    expect(store.queries).toHaveLength(0)
    cached.clear()
    await collect(cached.query())
    expect(store.queries).toHaveLength(1)
  })

  it('entries expire after ttlMs; maxAggregates evicts the least recently used', async () => {
    let now = 0
    const { store, counters, cached } = setup({ ttlMs: 100, maxAggregates: 2, now: () => now })
    const [a, b, c] = [uuid(), uuid(), uuid()]
    for (const id of [a, b, c]) await counters.use(id, (x) => x.increment())
    store.reset()
    await cached.fetch(a)
    now = 99
    await cached.fetch(a)
    expect(store.queries).toHaveLength(1)
    now = 100
    await cached.fetch(a)
    expect(store.queries).toHaveLength(2)

    await cached.fetch(b) // holds a, b
    await cached.fetch(a) // a is now the most recently used
    await cached.fetch(c) // evicts b
    store.reset()
    await cached.fetch(a)
    await cached.fetch(c)
    expect(store.queries).toHaveLength(0)
    await cached.fetch(b)
    expect(store.queries).toHaveLength(1)
  })

  it('an aborted signal stops the caller without spoiling the shared fetch; bad options are refused', async () => {
    const { counters, cached } = setup()
    const id = uuid()
    await counters.use(id, (c) => c.increment())
    const controller = new AbortController()
    controller.abort()
    expect(isGoesError(await rejection(cached.fetch(id, { signal: controller.signal })), 'ABORTED')).toBe(true)
    expect((await cached.fetch(id)).count).toBe(1)
    for (const options of [{ maxAggregates: 0 }, { maxQueries: 1.5 }, { ttlMs: -1 }, { now: 5 }]) {
      expect(() => new CachedRepository(counters, options as never)).toThrow(/CachedRepository option/)
    }
  })
})
