import {
  everyVersions,
  isGoesError,
  MemorySnapshotStore,
  Repository,
  type RepositorySnapshotOptions,
  type RepositorySnapshotState,
  type Snapshot,
  type SnapshotStore,
  TypedRepository,
  uuid,
} from '../src/index.js'
import { COUNTER, Counter, RecordingStore, rejection, SnapCounter } from './repository-fixtures.js'

function setup(schedule: Omit<RepositorySnapshotOptions, 'store'> = { every: 10 }) {
  const store = new RecordingStore()
  const snaps = new MemorySnapshotStore()
  const repo = new Repository(store, { snapshots: { store: snaps, ...schedule } })
  return { store, snaps, repo, counters: new TypedRepository(repo, (id) => new SnapCounter(id)) }
}

async function incrementTimes(counters: TypedRepository<Counter>, id: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await counters.use(id, (c) => c.increment())
}

describe('snapshots in the repository', () => {
  it('AGG-6: fetch after a snapshot reads only the events after it', async () => {
    const { store, snaps, counters } = setup()
    const id = uuid()
    await incrementTimes(counters, id, 23) // snapshots at 10 and 20
    expect((await snaps.latest(COUNTER, id))?.version).toBe(20)

    store.reset()
    const c = await counters.fetch(id)
    expect(c.count).toBe(23)
    expect(c.aggregateVersion).toBe(23)
    expect(c.restoredFrom).toBe(20)
    expect(c.applied).toBe(3) // only three events went through the applier
    // The store was asked once, and gave exactly the events after the snapshot.
    expect(store.queries).toHaveLength(1)
    expect(store.queries[0]!.events.map((e) => e.aggregate!.version)).toEqual([21, 22, 23])
    expect(store.queries[0]!.query?.aggregateVersions).toEqual({ min: 21 })

    // Without snapshots the same fetch reads all 23.
    store.reset()
    const plain = await new TypedRepository(new Repository(store), (x) => new SnapCounter(x)).fetch(id)
    expect(plain.count).toBe(23)
    expect(store.queries[0]!.events).toHaveLength(23)
  })

  it('fetchVersion starts from the latest snapshot at or below the version', async () => {
    const { store, counters } = setup()
    const id = uuid()
    await incrementTimes(counters, id, 25)
    store.reset()
    const at15 = await counters.fetchVersion(id, 15)
    expect(at15.count).toBe(15)
    expect(at15.restoredFrom).toBe(10)
    expect(store.queries[0]!.events.map((e) => e.aggregate!.version)).toEqual([11, 12, 13, 14, 15])
    store.reset()
    const at20 = await counters.fetchVersion(id, 20)
    expect(at20.count).toBe(20)
    expect(at20.restoredFrom).toBe(20)
    expect(store.queries).toHaveLength(0) // nothing to read after the snapshot
  })

  it('every: N snapshots when a save crosses a multiple of N (one per save); keep trims old ones', async () => {
    const { snaps, counters } = setup({ every: 5, keep: 2 })
    const id = uuid()
    await counters.use(id, (c) => {
      for (let i = 0; i < 4; i++) c.increment()
    }) // 0 → 4
    expect(await snaps.latest(COUNTER, id)).toBeUndefined()
    await counters.use(id, (c) => {
      for (let i = 0; i < 12; i++) c.increment()
    }) // 4 → 16: crosses 5, 10, 15 — one snapshot, at 16
    expect((await snaps.latest(COUNTER, id))?.version).toBe(16)
    expect(snaps.size).toBe(1)
    await incrementTimes(counters, id, 10) // crosses 20 (at 20) and 25 (at 25)
    expect((await snaps.latest(COUNTER, id))?.version).toBe(25)
    expect((await snaps.latest(COUNTER, id, { maxVersion: 24 }))?.version).toBe(20)
    expect(await snaps.latest(COUNTER, id, { maxVersion: 19 })).toBeUndefined() // 16 was trimmed
    expect(snaps.size).toBe(2)
  })

  it('a custom schedule decides; aggregates that are not Snapshotters are never snapshotted', async () => {
    const snaps = new MemorySnapshotStore()
    const asked: [number, number][] = []
    const repo = new Repository(new RecordingStore(), {
      snapshots: {
        store: snaps,
        every: ({ from, to }) => {
          asked.push([from, to])
          return to >= 3
        },
      },
    })
    const id = uuid()
    const counters = new TypedRepository(repo, (x) => new SnapCounter(x))
    await incrementTimes(counters, id, 3)
    expect(asked).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ])
    expect((await snaps.latest(COUNTER, id))?.version).toBe(3)
    const plain = new TypedRepository(repo, (x) => new Counter(x))
    const other = uuid()
    await incrementTimes(plain, other, 4)
    expect(await snaps.latest(COUNTER, other)).toBeUndefined()
  })

  it('the snapshot keeps the base state: tags and the soft-delete flag survive a fetch from it', async () => {
    const { counters, store } = setup({ every: 1 })
    const id = uuid()
    await counters.use(id, (c) => {
      c.increment(7)
      c.tag('vip', 'blue')
    })
    await counters.use(id, (c) => c.untag('blue'))
    await counters.use(id, (c) => c.remove())
    store.reset()
    const c = await counters.fetch(id, { includeDeleted: true })
    expect(c.restoredFrom).toBe(4)
    expect(store.queries[0]!.events).toHaveLength(0)
    expect(c.count).toBe(7)
    expect(c.tags).toEqual(['vip'])
    expect(c.softDeleted).toBe(true)
    expect(isGoesError(await rejection(counters.fetch(id)), 'AGGREGATE_DELETED')).toBe(true)
  })

  it('stores { state, base } and repo.snapshot() takes one on demand', async () => {
    const snaps = new MemorySnapshotStore()
    const repo = new Repository(new RecordingStore(), { snapshots: { store: snaps } })
    const counters = new TypedRepository(repo, (x) => new SnapCounter(x))
    const id = uuid()
    const c = await counters.use(id, (x) => x.increment(4))
    expect(await snaps.latest(COUNTER, id)).toBeUndefined() // no schedule: never on save
    await repo.snapshot(c)
    const s = (await snaps.latest(COUNTER, id)) as Snapshot<RepositorySnapshotState>
    expect(s.version).toBe(1)
    expect(s.state).toEqual({ state: { count: 4 }, base: { version: 1, tags: [], softDeleted: false } })
    expect(isGoesError(await rejection(repo.snapshot(new SnapCounter(uuid()))), 'INVALID_STATE')).toBe(true)
    expect(isGoesError(await rejection(repo.snapshot(new Counter(uuid()))), 'INVALID_STATE')).toBe(true)
    const noStore = new Repository(new RecordingStore())
    expect(isGoesError(await rejection(noStore.snapshot(c)), 'INVALID_STATE')).toBe(true)
  })

  it('a snapshot not written by a repository fails the fetch with INVALID_STATE instead of half-restoring', async () => {
    const snaps = new MemorySnapshotStore()
    const repo = new Repository(new RecordingStore(), { snapshots: { store: snaps } })
    const counters = new TypedRepository(repo, (x) => new SnapCounter(x))
    const id = uuid()
    await incrementTimes(counters, id, 2)
    await snaps.save({ aggregateName: COUNTER, aggregateId: id, version: 2, time: new Date(), state: { count: 2 } })
    const err = await rejection(counters.fetch(id))
    expect(isGoesError(err, 'INVALID_STATE')).toBe(true)
    expect((err as Error).message).toMatch(/delete this one/)
  })

  it('a failing snapshot store does not fail the save: the error goes to onError', async () => {
    const broken: SnapshotStore = {
      save: async () => {
        throw new Error('snapshot store down')
      },
      latest: async () => undefined,
      delete: async () => {},
      cleanup: async () => {},
    }
    const errors: unknown[] = []
    const repo = new Repository(new RecordingStore(), {
      snapshots: { store: broken, every: 1, onError: (err) => errors.push(err) },
    })
    const counters = new TypedRepository(repo, (x) => new SnapCounter(x))
    const id = uuid()
    const c = await counters.use(id, (x) => x.increment())
    expect(c.aggregateVersion).toBe(1)
    expect(errors).toHaveLength(1)
    expect((errors[0] as Error).message).toBe('snapshot store down')
    expect((await counters.fetch(id)).count).toBe(1)
  })

  it('delete removes the snapshots too', async () => {
    const { snaps, counters } = setup({ every: 1 })
    const [id, other] = [uuid(), uuid()]
    await incrementTimes(counters, id, 3)
    await incrementTimes(counters, other, 1)
    expect(snaps.size).toBe(4)
    await counters.delete(id)
    expect(await snaps.latest(COUNTER, id)).toBeUndefined()
    expect((await snaps.latest(COUNTER, other))?.version).toBe(1)
    const fresh = await counters.fetch(id)
    expect(fresh.aggregateVersion).toBe(0)
    expect(fresh.restoredFrom).toBeUndefined()
  })
})

describe('everyVersions', () => {
  it('is due when a save crosses a multiple of n', () => {
    const due = everyVersions(10)
    const at = (from: number, to: number) => due({ aggregateName: COUNTER, aggregateId: uuid(), from, to })
    expect(at(0, 9)).toBe(false)
    expect(at(9, 10)).toBe(true)
    expect(at(10, 19)).toBe(false)
    expect(at(8, 12)).toBe(true)
    expect(at(3, 35)).toBe(true)
    expect(at(20, 20)).toBe(false)
    expect(everyVersions(1)({ aggregateName: COUNTER, aggregateId: uuid(), from: 4, to: 5 })).toBe(true)
  })

  it('rejects n that is not an integer ≥ 1 with INVALID_OPTION', () => {
    for (const n of [0, -1, 1.5, Number.NaN, '3']) {
      let err: unknown
      try {
        everyVersions(n as number)
      } catch (e) {
        err = e
      }
      expect(isGoesError(err, 'INVALID_OPTION')).toBe(true)
    }
  })
})
