// Saving through withBus when the events are stored but their publish fails: the save counts
// (the aggregate is committed), and the caller gets PUBLISH_FAILED with the stored events.
import {
  drain,
  type Event,
  type EventBus,
  GoesError,
  isConsistencyError,
  isGoesError,
  isPublishFailedError,
  MemoryBus,
  MemoryStore,
  PublishFailedError,
  Repository,
  uuid,
  withBus,
} from '../src/index.js'
import { COUNTER, Counter } from './repository-fixtures.js'

/** A real MemoryBus whose next `failures` publishes reject (as a bus that lost its server would). */
function flakyBus(failures: number): EventBus & { readonly published: Event[][] } {
  const bus = new MemoryBus()
  const published: Event[][] = []
  let left = failures
  return {
    published,
    publish(events, options) {
      if (left > 0) {
        left--
        return Promise.reject(new GoesError('UNAVAILABLE', 'the bus lost its server'))
      }
      published.push([...events])
      return bus.publish(events, options)
    },
    subscribe: (names, options) => bus.subscribe(names, options),
  }
}

describe('Repository.save through withBus with a failing publish', () => {
  it('CRS-2: the events are in the store, the aggregate is committed (a second save of new changes succeeds), and the error has its own code and carries the stored events', async () => {
    const inner = new MemoryStore()
    const bus = flakyBus(1)
    const repo = new Repository(withBus(inner, bus))
    const counter = new Counter(uuid())
    counter.increment(2)
    counter.increment(3)
    const changes = [...counter.changes]

    const err = await repo.save(counter).catch((x: unknown) => x)
    expect(err).toBeInstanceOf(PublishFailedError)
    expect(isPublishFailedError(err)).toBe(true)
    expect(isGoesError(err, 'PUBLISH_FAILED')).toBe(true)
    expect(isConsistencyError(err)).toBe(false)
    const failure = err as PublishFailedError
    expect(failure.events.map((e) => e.id)).toEqual(changes.map((e) => e.id))
    expect(isGoesError(failure.cause, 'UNAVAILABLE')).toBe(true)
    expect(failure.message).toMatch(/2 event\(s\) were stored, but publishing them failed: the bus lost its server/)

    // Stored, and the aggregate knows it: committed at version 2, no changes left.
    const stored = await drain(inner.query({ aggregates: [{ name: COUNTER, id: counter.aggregateId }] }))
    expect(stored.map((e) => e.id)).toEqual(changes.map((e) => e.id))
    expect(counter.aggregateVersion).toBe(2)
    expect(counter.changes).toEqual([])
    expect(bus.published).toEqual([])

    // The next save of new changes goes through (no CONSISTENCY over versions 1–2) and is published.
    counter.increment(5)
    await repo.save(counter)
    expect(counter.aggregateVersion).toBe(3)
    expect(bus.published.map((batch) => batch.map((e) => e.aggregate?.version))).toEqual([[3]])
    const fetched = await repo.fetch(new Counter(counter.aggregateId))
    expect(fetched.count).toBe(10)

    // The caller can publish the stored events again, as the error says.
    await bus.publish(failure.events)
    expect(bus.published.map((batch) => batch.length)).toEqual([1, 2])
  })

  it('CRS-2: use() does not retry a failed publish (the change is stored once) and rejects with PUBLISH_FAILED', async () => {
    const inner = new MemoryStore()
    const repo = new Repository(withBus(inner, flakyBus(1)))
    const id = uuid()
    let runs = 0
    const err = await repo
      .use(
        id,
        (c: Counter) => {
          runs++
          c.increment()
        },
        { factory: (i) => new Counter(i) },
      )
      .catch((x: unknown) => x)
    expect(isPublishFailedError(err)).toBe(true)
    expect(runs).toBe(1)
    expect(await drain(inner.query())).toHaveLength(1)
    const after = await repo.use(id, (c: Counter) => c.increment(), { factory: (i) => new Counter(i) })
    expect(after.aggregateVersion).toBe(2)
  })

  it('a failed insert is not a failed publish: CONSISTENCY, nothing committed', async () => {
    const inner = new MemoryStore()
    const repo = new Repository(withBus(inner, flakyBus(0)))
    const a = new Counter(uuid())
    a.increment()
    await repo.save(a)
    const stale = new Counter(a.aggregateId)
    stale.increment()
    const err = await repo.save(stale).catch((x: unknown) => x)
    expect(isConsistencyError(err)).toBe(true)
    expect(stale.aggregateVersion).toBe(0)
    expect(stale.changes).toHaveLength(1)
  })
})
