// How Repository.fetch reads a history: the query it asks, and the check of each event as the
// store hands it over — any EventStore, so a misbehaving one is scripted here.
import {
  AggregateConsistencyError,
  type AggregateRoot,
  type Event,
  type EventStore,
  isGoesError,
  MemoryStore,
  newEvent,
  type Query,
  Repository,
  uuid,
  validateHistory,
} from '../src/index.js'
import { COUNTER, Counter, RecordingStore, rejection } from './repository-fixtures.js'

const BY_VERSION = [{ by: 'aggregateVersion', dir: 'asc' }]
const T0 = 1_700_000_000_000_000_000n

/** A store whose every query yields `events`, as given; records whether the iteration was closed. */
class ScriptedStore implements EventStore {
  closed = 0
  yielded = 0
  constructor(readonly events: readonly Event[]) {}
  async insert(): Promise<void> {}
  async find(): Promise<Event> {
    throw new Error('not scripted')
  }
  async delete(): Promise<void> {}
  query(_q?: Query): AsyncIterable<Event> {
    const store = this
    return (async function* () {
      try {
        for (const e of store.events) {
          store.yielded++
          yield e
        }
      } finally {
        store.closed++
      }
    })()
  }
}

function incremented(id: string, version: number, time: bigint, name = COUNTER): Event {
  return newEvent('counter.incremented', { by: 1 }, { time, aggregate: { name, id, version } })
}

/** Versions 1..n of aggregate `id`, one nanosecond apart. */
function history(id: string, n: number): Event[] {
  return Array.from({ length: n }, (_, i) => incremented(id, i + 1, T0 + BigInt(i)))
}

/** What validateHistory says about `events` for a fresh aggregate: the error fetch must give. */
function expectedError(id: string, events: readonly Event[]): AggregateConsistencyError {
  try {
    validateHistory(new Counter(id), events)
  } catch (err) {
    if (err instanceof AggregateConsistencyError) return err
    throw err
  }
  throw new Error('expected the history to be invalid')
}

describe('Repository.fetch: the query', () => {
  it('asks for the aggregate in version order: without a version filter from version 1, from the next version when stale, bounded for a version', async () => {
    const store = new RecordingStore()
    const repo = new Repository(store)
    const c = new Counter(uuid())
    for (let i = 0; i < 3; i++) c.increment()
    await repo.save(c)
    const aggregates = [{ name: COUNTER, id: c.aggregateId }]

    store.reset()
    const fresh = await repo.fetch(new Counter(c.aggregateId))
    expect(fresh.count).toBe(3)
    expect(store.queries[0]!.query).toEqual({ aggregates, sort: BY_VERSION })

    c.increment()
    await repo.save(c)
    store.reset()
    await repo.fetch(fresh)
    expect(fresh.count).toBe(4)
    expect(store.queries[0]!.query).toEqual({ aggregates, aggregateVersions: { min: 4 }, sort: BY_VERSION })

    store.reset()
    const old = await repo.fetch(new Counter(c.aggregateId), { version: 2 })
    expect(old.count).toBe(2)
    expect(store.queries[0]!.query).toEqual({ aggregates, aggregateVersions: { min: 1, max: 2 }, sort: BY_VERSION })
  })
})

describe('Repository.fetch: each event is checked as it arrives, nothing applied unless all pass', () => {
  const id = uuid()
  const good = history(id, 5)
  const broken: [string, Event[], AggregateConsistencyError['kind']][] = [
    ['an event of another aggregate id, last', [...good, incremented(uuid(), 6, T0 + 10n)], 'id'],
    ['an event of another aggregate name, first', [incremented(id, 1, T0, 'test.other'), ...good.slice(1)], 'name'],
    ['an event without aggregate', [...good.slice(0, 2), newEvent('counter.incremented', { by: 1 })], 'name'],
    ['a version gap', [...good.slice(0, 3), incremented(id, 5, T0 + 10n)], 'version'],
    ['a repeated version', [...good.slice(0, 3), incremented(id, 3, T0 + 10n)], 'version'],
    ['a first version above 1', good.slice(1), 'version'],
    ['a time equal to the one before', [...good.slice(0, 4), incremented(id, 5, T0 + 3n)], 'time'],
    ['a time before the one before', [...good.slice(0, 4), incremented(id, 5, T0 - 1n)], 'time'],
  ]

  it.each(broken)('%s: rejects with the kind, event and message of validateHistory', async (_, events, kind) => {
    const store = new ScriptedStore(events)
    const fresh = new Counter(id)
    const err = await rejection(new Repository(store).fetch(fresh))
    const expected = expectedError(id, events)
    expect(err).toBeInstanceOf(AggregateConsistencyError)
    const e = err as AggregateConsistencyError
    expect(e.kind).toBe(kind)
    expect(e.kind).toBe(expected.kind)
    expect(e.event).toBe(expected.event)
    expect(e.message).toBe(expected.message)
    expect(e.aggregate).toEqual({ name: COUNTER, id, version: 0 })
    // All or nothing: not even the valid events before the broken one were applied.
    expect(fresh.count).toBe(0)
    expect(fresh.applied).toBe(0)
    expect(fresh.aggregateVersion).toBe(0)
    // The store's iteration stopped at the broken event and was closed.
    expect(store.yielded).toBe(events.indexOf(e.event) + 1)
    expect(store.closed).toBe(1)
  })

  it('a stale aggregate is checked from its own version: a history restarting at 1 is refused and it stays as it was', async () => {
    const stale = new Counter(id)
    await new Repository(new ScriptedStore(good.slice(0, 2))).fetch(stale)
    expect(stale.aggregateVersion).toBe(2)
    const err = await rejection(new Repository(new ScriptedStore(good)).fetch(stale))
    expect(err).toBeInstanceOf(AggregateConsistencyError)
    expect((err as AggregateConsistencyError).aggregate.version).toBe(2)
    expect(stale.count).toBe(2)
    expect(stale.aggregateVersion).toBe(2)
  })

  it('a valid scripted history is applied whole, in order', async () => {
    const fresh = await new Repository(new ScriptedStore(good)).fetch(new Counter(id))
    expect(fresh.aggregateVersion).toBe(5)
    expect(fresh.count).toBe(5)
  })

  it('an aggregate whose apply() does not move its version is refused with INVALID_STATE', async () => {
    const store = new MemoryStore()
    const c = new Counter(uuid())
    c.increment()
    await new Repository(store).save(c)
    const stuck: AggregateRoot = {
      aggregateName: COUNTER,
      aggregateId: c.aggregateId,
      aggregateVersion: 0,
      changes: [],
      apply: () => {},
      commit: () => {},
      discard: () => {},
    }
    const err = await rejection(new Repository(store).fetch(stuck))
    expect(isGoesError(err, 'INVALID_STATE')).toBe(true)
    expect((err as Error).message).toContain('apply(event) must move aggregateVersion')
  })
})
