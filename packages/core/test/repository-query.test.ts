import { Aggregate, isGoesError, MemoryStore, newEvent, Repository, TypedRepository, uuid } from '../src/index.js'
import { COUNTER, Counter, collect, RecordingStore, rejection } from './repository-fixtures.js'

class Timer extends Aggregate<{ 'timer.started': null }> {
  constructor(id: string) {
    super('test.timer', id)
  }
  start(): void {
    this.next('timer.started', null)
  }
}

async function seed(repo: Repository, counts: readonly number[]): Promise<string[]> {
  const ids: string[] = []
  for (const n of counts) {
    const c = new Counter(uuid())
    for (let i = 0; i < n; i++) c.increment()
    await repo.save(c)
    ids.push(c.aggregateId)
  }
  return ids
}

describe('Repository.query', () => {
  it('rebuilds every aggregate of the factory type from its history, ordered by id; other types are left out', async () => {
    const store = new MemoryStore()
    const repo = new Repository(store)
    const counts = [3, 1, 4, 1, 5, 9, 2, 6]
    const ids = await seed(repo, counts)
    const t = new Timer(uuid())
    t.start()
    await repo.save(t)
    await store.insert([newEvent('test.unrelated', null)]) // an event without aggregate
    const counters = new TypedRepository(repo, (id) => new Counter(id))
    const got = await collect(counters.query())
    const want = ids.map((id, i) => ({ id, count: counts[i]! })).sort((a, b) => (a.id < b.id ? -1 : 1))
    expect(got.map((c) => ({ id: c.aggregateId, count: c.count }))).toEqual(want)
    expect(got.map((c) => c.aggregateVersion)).toEqual(want.map((w) => w.count))
    expect(got.every((c) => c instanceof Counter && c.changes.length === 0)).toBe(true)
  })

  it('streams: the first aggregate arrives after reading only its own events, and breaking out closes the store query', async () => {
    const store = new RecordingStore()
    const repo = new Repository(store)
    await seed(
      repo,
      Array.from({ length: 30 }, () => 10),
    )
    store.reset()
    const it = new TypedRepository(repo, (id) => new Counter(id)).query()[Symbol.asyncIterator]()
    const first = await it.next()
    expect(first.done).toBe(false)
    expect(first.value!.count).toBe(10)
    // Its 10 events plus at most the first event of the next aggregate, which ends the group.
    expect(store.queries).toHaveLength(1)
    expect(store.queries[0]!.events.length).toBeLessThanOrEqual(11)
    await it.return?.()
    expect(store.queries[0]!.closed).toBe(true)
    expect(store.queries[0]!.events.length).toBeLessThanOrEqual(11)
  })

  it('selects by aggregate ids and pairs; a query for another aggregate name yields nothing', async () => {
    const repo = new Repository(new MemoryStore())
    const ids = await seed(repo, [1, 2, 3, 4])
    const counters = new TypedRepository(repo, (id) => new Counter(id))
    const byIds = await collect(counters.query({ aggregateIds: [ids[1]!, ids[3]!] }))
    expect(byIds.map((c) => c.count).sort()).toEqual([2, 4])
    const byPair = await collect(
      counters.query({ aggregates: [{ name: COUNTER, id: ids[2]! }, { name: 'test.timer' }] }),
    )
    expect(byPair.map((c) => c.count)).toEqual([3])
    expect(await collect(counters.query({ aggregateNames: ['test.timer'] }))).toEqual([])
  })

  it('a query with event filters selects the aggregates with a matching event and yields them whole', async () => {
    const repo = new Repository(new MemoryStore())
    const ids = await seed(repo, [1, 5, 2, 7])
    const counters = new TypedRepository(repo, (id) => new Counter(id))
    const tall = await collect(counters.query({ aggregateVersions: { min: 5 } }))
    expect(tall.map((c) => c.aggregateId).sort()).toEqual([ids[1]!, ids[3]!].sort())
    expect(tall.map((c) => c.count).sort()).toEqual([5, 7]) // whole, not just versions ≥ 5
    const named = await collect(counters.query({ names: ['counter.incremented'] }))
    expect(named).toHaveLength(4)
  })

  it('a malformed query rejects with INVALID_QUERY', async () => {
    const counters = new TypedRepository(new Repository(new MemoryStore()), (id) => new Counter(id))
    expect(isGoesError(await rejection(collect(counters.query({ names: [] }))), 'INVALID_QUERY')).toBe(true)
  })
})

describe('queryTagged', () => {
  it('yields the aggregates that have the tag now: untagged ones and other tags are left out', async () => {
    const repo = new Repository(new MemoryStore())
    const counters = new TypedRepository(repo, (id) => new Counter(id))
    const [a, b, c, d] = [uuid(), uuid(), uuid(), uuid()]
    await counters.use(a, (x) => x.tag('vip'))
    await counters.use(b, (x) => x.tag('vip', 'new'))
    await counters.use(c, (x) => x.tag('new'))
    await counters.use(d, (x) => x.tag('vip'))
    await counters.use(d, (x) => x.untag('vip'))
    await counters.use(b, (x) => x.increment())
    const vips = await collect(counters.queryTagged('vip'))
    expect(vips.map((x) => x.aggregateId).sort()).toEqual([a, b].sort())
    expect(vips.find((x) => x.aggregateId === b)!.count).toBe(1)
    expect((await collect(counters.queryTagged('new'))).map((x) => x.aggregateId).sort()).toEqual([b, c].sort())
    expect(await collect(counters.queryTagged('nobody'))).toEqual([])
  })
})

describe('soft delete', () => {
  it('AGG-4: a soft-deleted aggregate — fetch fails with the typed error; fetch with the explicit option works; a restore event makes it fetchable and queryable again', async () => {
    const repo = new Repository(new MemoryStore())
    const counters = new TypedRepository(repo, (id) => new Counter(id))
    const id = uuid()
    const other = uuid()
    await counters.use(id, (c) => c.increment(3))
    await counters.use(other, (c) => c.increment(1))
    await counters.use(id, (c) => c.remove())

    const err = await rejection(counters.fetch(id))
    expect(isGoesError(err, 'AGGREGATE_DELETED')).toBe(true)
    expect((err as Error).message).toMatch(/includeDeleted/)
    expect((await collect(counters.query())).map((c) => c.aggregateId)).toEqual([other])
    expect(isGoesError(await rejection(counters.use(id, (c) => c.increment())), 'AGGREGATE_DELETED')).toBe(true)

    const deleted = await counters.fetch(id, { includeDeleted: true })
    expect(deleted.softDeleted).toBe(true)
    expect(deleted.count).toBe(3)
    expect(deleted.aggregateVersion).toBe(2)
    expect((await collect(counters.query({}, { includeDeleted: true }))).map((c) => c.aggregateId).sort()).toEqual(
      [id, other].sort(),
    )

    deleted.undelete()
    await counters.save(deleted)
    const back = await counters.fetch(id)
    expect(back.softDeleted).toBe(false)
    expect(back.count).toBe(3)
    expect((await collect(counters.query())).map((c) => c.aggregateId).sort()).toEqual([id, other].sort())
    await counters.use(id, (c) => c.increment())
    expect((await counters.fetch(id)).count).toBe(4)
  })

  it('use() with includeDeleted can restore; a soft-deleted aggregate tagged stays out of queryTagged', async () => {
    const repo = new Repository(new MemoryStore())
    const counters = new TypedRepository(repo, (id) => new Counter(id))
    const id = uuid()
    await counters.use(id, (c) => c.tag('x'))
    await counters.use(id, (c) => c.remove())
    expect(await collect(counters.queryTagged('x'))).toEqual([])
    await counters.use(id, (c) => c.undelete(), { includeDeleted: true })
    expect((await collect(counters.queryTagged('x'))).map((c) => c.aggregateId)).toEqual([id])
  })

  it('fetchVersion refuses a version at which the aggregate was soft-deleted, unless includeDeleted', async () => {
    const counters = new TypedRepository(new Repository(new MemoryStore()), (id) => new Counter(id))
    const id = uuid()
    await counters.use(id, (c) => c.increment())
    await counters.use(id, (c) => c.remove())
    await counters.use(id, (c) => c.undelete(), { includeDeleted: true })
    expect((await counters.fetchVersion(id, 1)).count).toBe(1)
    expect(isGoesError(await rejection(counters.fetchVersion(id, 2)), 'AGGREGATE_DELETED')).toBe(true)
    expect((await counters.fetchVersion(id, 2, { includeDeleted: true })).softDeleted).toBe(true)
    expect((await counters.fetchVersion(id, 3)).softDeleted).toBe(false)
  })
})
