import {
  ConsistencyError,
  isConsistencyError,
  isGoesError,
  MemoryStore,
  Repository,
  TypedRepository,
  uuid,
} from '../src/index.js'
import { COUNTER, Counter, collect, RecordingStore, rejection } from './repository-fixtures.js'

const versionsOf = async (store: MemoryStore | RecordingStore, id: string): Promise<number[]> =>
  (
    await collect(store.query({ aggregates: [{ name: COUNTER, id }], sort: [{ by: 'aggregateVersion', dir: 'asc' }] }))
  ).map((e) => e.aggregate!.version)

describe('Repository.save and fetch', () => {
  it('saves the changes, commits the aggregate, and fetches it back', async () => {
    const store = new MemoryStore()
    const repo = new Repository(store)
    const c = new Counter(uuid())
    c.increment(2)
    c.increment(3)
    expect(await repo.save(c)).toBe(c)
    expect(c.aggregateVersion).toBe(2)
    expect(c.changes).toHaveLength(0)
    expect(await versionsOf(store, c.aggregateId)).toEqual([1, 2])

    const again = await repo.fetch(new Counter(c.aggregateId))
    expect(again.aggregateVersion).toBe(2)
    expect(again.count).toBe(5)
  })

  it('an aggregate never saved fetches at version 0; saving without changes inserts nothing', async () => {
    const store = new RecordingStore()
    const repo = new Repository(store)
    const c = await repo.fetch(new Counter(uuid()))
    expect(c.aggregateVersion).toBe(0)
    await repo.save(c)
    expect(store.inserts).toBe(0)
  })

  it('fetch brings a stale instance up to date, reading only the newer events', async () => {
    const store = new RecordingStore()
    const repo = new Repository(store)
    const c = new Counter(uuid())
    c.increment()
    await repo.save(c)
    const stale = await repo.fetch(new Counter(c.aggregateId))
    await repo.use(c.aggregateId, (x) => x.increment(10), { factory: (id: string) => new Counter(id) })
    store.reset()
    await repo.fetch(stale)
    expect(stale.aggregateVersion).toBe(2)
    expect(stale.count).toBe(11)
    expect(store.queries[0]!.events.map((e) => e.aggregate!.version)).toEqual([2])
  })

  it('a conflicting save rejects with CONSISTENCY, stores nothing and leaves the changes uncommitted', async () => {
    const store = new MemoryStore()
    const repo = new Repository(store)
    const id = uuid()
    const a = new Counter(id)
    const b = new Counter(id)
    a.increment(1)
    b.increment(100)
    b.increment(100)
    await repo.save(a)
    const err = await rejection(repo.save(b))
    expect(isConsistencyError(err)).toBe(true)
    expect(b.aggregateVersion).toBe(0)
    expect(b.changes).toHaveLength(2)
    expect(await versionsOf(store, id)).toEqual([1])
    expect((await repo.fetch(new Counter(id))).count).toBe(1)
  })

  it('fetch into an aggregate with uncommitted changes is refused with INVALID_STATE', async () => {
    const repo = new Repository(new MemoryStore())
    const c = new Counter(uuid())
    c.increment()
    expect(isGoesError(await rejection(repo.fetch(c)), 'INVALID_STATE')).toBe(true)
  })

  it('a broken history in the store rejects the fetch with a consistency error and applies nothing', async () => {
    const store = new MemoryStore()
    const repo = new Repository(store)
    const c = new Counter(uuid())
    c.increment()
    c.increment()
    c.increment()
    await repo.save(c)
    const [second] = await collect(store.query({ aggregateVersions: { exact: [2] } }))
    await store.delete([second!]) // leaves a gap: versions 1 and 3
    const fresh = new Counter(c.aggregateId)
    const err = await rejection(repo.fetch(fresh))
    expect(isConsistencyError(err)).toBe(true)
    expect(fresh.count).toBe(0)
  })
})

describe('Repository hooks', () => {
  it('beforeInsert runs before the insert, afterInsert after the commit, both with the events', async () => {
    const store = new MemoryStore()
    const seen: string[] = []
    const repo = new Repository(store, {
      hooks: {
        beforeInsert: async ({ aggregate, events }) => {
          const stored = await collect(store.query({ aggregates: [{ name: COUNTER, id: aggregate.aggregateId }] }))
          seen.push(`before v${aggregate.aggregateVersion} events=${events.length} stored=${stored.length}`)
        },
        afterInsert: async ({ aggregate, events }) => {
          const stored = await collect(store.query({ aggregates: [{ name: COUNTER, id: aggregate.aggregateId }] }))
          seen.push(`after v${aggregate.aggregateVersion} events=${events.length} stored=${stored.length}`)
        },
      },
    })
    const c = new Counter(uuid())
    c.increment()
    c.increment()
    await repo.save(c)
    expect(seen).toEqual(['before v0 events=2 stored=0', 'after v2 events=2 stored=2'])
  })

  it('a throwing beforeInsert rejects the save and nothing is stored', async () => {
    const store = new MemoryStore()
    const boom = new Error('not allowed')
    const repo = new Repository(store, {
      hooks: {
        beforeInsert: () => {
          throw boom
        },
      },
    })
    const c = new Counter(uuid())
    c.increment()
    expect(await rejection(repo.save(c))).toBe(boom)
    expect(store.size).toBe(0)
    expect(c.changes).toHaveLength(1)
  })

  it('a throwing afterInsert rejects the save, but the events are stored and committed', async () => {
    const store = new MemoryStore()
    const boom = new Error('audit log down')
    const repo = new Repository(store, {
      hooks: {
        afterInsert: () => {
          throw boom
        },
      },
    })
    const c = new Counter(uuid())
    c.increment()
    expect(await rejection(repo.save(c))).toBe(boom)
    expect(store.size).toBe(1)
    expect(c.aggregateVersion).toBe(1)
  })
})

describe('fetchVersion', () => {
  it('fetches the aggregate as it was at a version; NOT_FOUND past the last; INVALID_VERSION for 0', async () => {
    const repo = new Repository(new MemoryStore())
    const counters = new TypedRepository(repo, (id) => new Counter(id))
    const c = new Counter(uuid())
    for (let i = 1; i <= 5; i++) c.increment(i) // counts 1, 3, 6, 10, 15
    await repo.save(c)
    const at3 = await counters.fetchVersion(c.aggregateId, 3)
    expect(at3.aggregateVersion).toBe(3)
    expect(at3.count).toBe(6)
    expect((await counters.fetchVersion(c.aggregateId, 5)).count).toBe(15)
    expect(isGoesError(await rejection(counters.fetchVersion(c.aggregateId, 6)), 'NOT_FOUND')).toBe(true)
    expect(isGoesError(await rejection(counters.fetchVersion(uuid(), 1)), 'NOT_FOUND')).toBe(true)
    expect(isGoesError(await rejection(counters.fetchVersion(c.aggregateId, 0)), 'INVALID_VERSION')).toBe(true)
    expect(isGoesError(await rejection(counters.fetchVersion(c.aggregateId, 2.5)), 'INVALID_VERSION')).toBe(true)
  })
})

describe('Repository.use and retries', () => {
  it('AGG-1: 20 concurrent use() calls incrementing one aggregate end at version 20 with 20 increments: no lost update, no gap, no duplicate version', async () => {
    const store = new MemoryStore()
    // 20 attempts always suffice: each failed attempt of one caller is another caller's success.
    const repo = new Repository(store, { retry: { attempts: 20 } })
    const counters = new TypedRepository(repo, (id) => new Counter(id))
    const id = uuid()
    const results = await Promise.all(Array.from({ length: 20 }, () => counters.use(id, (c) => c.increment())))
    expect(results.map((c) => c.aggregateVersion).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    )
    const c = await counters.fetch(id)
    expect(c.aggregateVersion).toBe(20)
    expect(c.count).toBe(20)
    expect(c.applied).toBe(20)
    expect(await versionsOf(store, id)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
  })

  it('retries with a fresh aggregate from the factory, after the configured backoff', async () => {
    const store = new RecordingStore()
    const backoffs: number[] = []
    const repo = new Repository(store, {
      retry: {
        attempts: 4,
        backoffMs: (attempt) => {
          backoffs.push(attempt)
          return 1
        },
      },
    })
    const made: Counter[] = []
    const counters = new TypedRepository(repo, (id) => {
      const c = new Counter(id)
      made.push(c)
      return c
    })
    let conflicts = 2
    store.failInsert = () => (conflicts-- > 0 ? new ConsistencyError('taken') : undefined)
    const seenCounts: number[] = []
    const id = uuid()
    const saved = await counters.use(id, (c) => {
      seenCounts.push(c.count) // a leaked attempt would show a count of 1 here
      c.increment()
    })
    expect(seenCounts).toEqual([0, 0, 0])
    expect(backoffs).toEqual([2, 3])
    expect(store.inserts).toBe(3)
    expect(saved).toBe(made[made.length - 1])
    expect(new Set(made.slice(-3)).size).toBe(3)
    expect((await counters.fetch(id)).count).toBe(1)
  })

  it('gives up after the configured attempts with a CONSISTENCY error carrying the last conflict', async () => {
    const store = new RecordingStore()
    const repo = new Repository(store, { retry: { attempts: 3, backoffMs: 0 } })
    const counters = new TypedRepository(repo, (id) => new Counter(id))
    const last = new ConsistencyError('still taken')
    store.failInsert = () => last
    let calls = 0
    const err = await rejection(
      counters.use(uuid(), (c) => {
        calls++
        c.increment()
      }),
    )
    expect(isConsistencyError(err)).toBe(true)
    expect((err as Error).message).toMatch(/gave up after 3 attempt/)
    expect((err as Error).cause).toBe(last)
    expect(calls).toBe(3)
    expect(store.inserts).toBe(3)
  })

  it('does not retry errors of fn, nor errors of the store other than conflicts', async () => {
    const store = new RecordingStore()
    const repo = new Repository(store, { retry: { attempts: 5, backoffMs: 0 } })
    const counters = new TypedRepository(repo, (id) => new Counter(id))
    let calls = 0
    const boom = new Error('rule violated')
    expect(
      await rejection(
        counters.use(uuid(), () => {
          calls++
          throw boom
        }),
      ),
    ).toBe(boom)
    expect(calls).toBe(1)
    const down = new Error('disk full')
    store.failInsert = () => down
    expect(await rejection(counters.use(uuid(), (c) => c.increment()))).toBe(down)
    expect(store.inserts).toBe(1)
  })

  it('use(aggregate) without a factory cannot retry: a conflict rejects with CONSISTENCY naming the fix', async () => {
    const store = new RecordingStore()
    const repo = new Repository(store, { retry: { attempts: 5, backoffMs: 0 } })
    store.failInsert = () => new ConsistencyError('taken')
    const err = await rejection(repo.use(new Counter(uuid()), (c) => c.increment()))
    expect(isConsistencyError(err)).toBe(true)
    expect((err as Error).message).toMatch(/factory/)
    expect(store.inserts).toBe(1)
    expect(isGoesError(await rejection(repo.use(uuid() as unknown as Counter, () => {})), 'INVALID_OPTION')).toBe(true)
  })

  it('an aborted signal stops the retries with ABORTED', async () => {
    const store = new RecordingStore()
    const repo = new Repository(store, { retry: { attempts: 10, backoffMs: 60_000 } })
    const counters = new TypedRepository(repo, (id) => new Counter(id))
    store.failInsert = () => new ConsistencyError('taken')
    const controller = new AbortController()
    const pending = rejection(counters.use(uuid(), (c) => c.increment(), { signal: controller.signal }))
    while (store.inserts === 0) await new Promise((r) => setTimeout(r, 1))
    controller.abort(new Error('stop'))
    expect(isGoesError(await pending, 'ABORTED')).toBe(true)
    expect(store.inserts).toBe(1)
  })
})

describe('Repository.delete', () => {
  it('deletes every event of the aggregate and no other', async () => {
    const store = new MemoryStore()
    const repo = new Repository(store)
    const counters = new TypedRepository(repo, (id) => new Counter(id))
    const [a, b] = [uuid(), uuid()]
    await counters.use(a, (c) => c.increment())
    await counters.use(a, (c) => c.increment())
    await counters.use(b, (c) => c.increment())
    await counters.delete(a)
    expect(await versionsOf(store, a)).toEqual([])
    expect(await versionsOf(store, b)).toEqual([1])
    expect((await counters.fetch(a)).aggregateVersion).toBe(0)
  })
})

describe('options', () => {
  it('bad options are rejected with INVALID_OPTION naming the option', () => {
    const store = new MemoryStore()
    const bad: [unknown, RegExp][] = [
      [{ retry: { attempts: 0 } }, /retry\.attempts/],
      [{ retry: { backoffMs: -1 } }, /retry\.backoffMs/],
      [{ hooks: { beforeInsert: 'x' } }, /hooks\.beforeInsert/],
      [{ snapshots: { store: {} } }, /snapshots\.store/],
      [{ snapshots: { store: { latest() {} }, every: 0 } }, /everyVersions/],
      [{ snapshots: { store: { latest() {} }, keep: 0 } }, /snapshots\.keep/],
    ]
    for (const [options, message] of bad) {
      let err: unknown
      try {
        new Repository(store, options as never)
      } catch (e) {
        err = e
      }
      expect(isGoesError(err, 'INVALID_OPTION')).toBe(true)
      expect((err as Error).message).toMatch(message)
    }
    expect(() => new Repository({} as never)).toThrow(/EventStore/)
  })
})
