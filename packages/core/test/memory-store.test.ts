import {
  drain,
  type Event,
  isConsistencyError,
  isGoesError,
  MemoryStore,
  matchesQuery,
  newEvent,
  type Query,
  sortEvents,
  uuid,
} from '../src/index.js'

const T0 = 1_700_000_000_000_000_000n

/** Events of a few aggregates with shuffled, partly tied times (so sorting has work to do). */
function history(aggregates: number, perAggregate: number, opts: { ordered?: boolean } = {}): Event[] {
  const out: Event[] = []
  let k = 0
  for (let a = 0; a < aggregates; a++) {
    const id = uuid()
    const name = a % 2 === 0 ? 'test.list' : 'test.board'
    for (let v = 1; v <= perAggregate; v++) {
      const time = opts.ordered === true ? T0 + BigInt(k) : T0 + BigInt((k * 7919) % 97) * 1000n
      out.push(
        newEvent(v % 3 === 0 ? 'test.removed' : 'test.added', { k }, { aggregate: { name, id, version: v }, time }),
      )
      k++
    }
  }
  return out
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p
  } catch (err) {
    return isGoesError(err) ? err.code : `untyped: ${String(err)}`
  }
  return undefined
}

describe('MemoryStore', () => {
  it('inserts, finds and queries events, handing out the very objects stored', async () => {
    const store = new MemoryStore()
    const events = history(3, 4)
    await store.insert(events)
    expect(store.size).toBe(12)
    for (const e of events) expect(await store.find(e.id)).toBe(e)
    const all = await drain(store.query())
    expect(all).toHaveLength(12)
    expect(new Set(all)).toEqual(new Set(events))
  })

  it('accepts an empty batch and events without aggregate', async () => {
    const store = new MemoryStore()
    await store.insert([])
    const e = newEvent('test.ping', null)
    await store.insert([e])
    expect(await drain(store.query({ names: ['test.ping'] }))).toEqual([e])
  })

  it('rejects a duplicate id within the batch atomically, naming the id', async () => {
    const store = new MemoryStore()
    const [a, b] = history(1, 2) as [Event, Event]
    const copy = { ...b, id: a.id, aggregate: { ...b.aggregate!, version: 9 } }
    const err = await store.insert([a, b, copy]).catch((e: unknown) => e)
    expect(isConsistencyError(err)).toBe(true)
    expect((err as Error).message).toContain(a.id)
    expect(store.size).toBe(0)
    expect(await drain(store.query())).toEqual([])
  })

  it('rejects a duplicate id against the store atomically', async () => {
    const store = new MemoryStore()
    const [a, b, c] = history(1, 3) as [Event, Event, Event]
    await store.insert([a])
    const clash = newEvent('test.added', {}, { id: a.id })
    const err = await store.insert([b, clash, c]).catch((e: unknown) => e)
    expect(isConsistencyError(err)).toBe(true)
    expect((err as Error).message).toContain(a.id)
    expect(store.size).toBe(1)
    await expect(codeOf(store.find(b.id))).resolves.toBe('NOT_FOUND')
  })

  it('rejects a duplicate aggregate version, within the batch or against the store, atomically', async () => {
    const store = new MemoryStore()
    const [a1, a2] = history(1, 2) as [Event, Event]
    const agg = a1.aggregate!
    const twin = newEvent('test.added', {}, { aggregate: { ...agg, version: 2 } })
    const err1 = await store.insert([a1, a2, twin]).catch((e: unknown) => e)
    expect(isConsistencyError(err1)).toBe(true)
    expect((err1 as Error).message).toContain(agg.id)
    expect((err1 as Error).message).toContain('version 2')
    expect(store.size).toBe(0)

    await store.insert([a1])
    const other = newEvent('test.ping', {})
    const again = newEvent('test.added', {}, { aggregate: { ...agg, version: 1 } })
    expect(isConsistencyError(await store.insert([other, again]).catch((e: unknown) => e))).toBe(true)
    expect(store.size).toBe(1)
    await expect(codeOf(store.find(other.id))).resolves.toBe('NOT_FOUND')
  })

  it('an invalid event anywhere rejects the batch with its typed error and stores nothing', async () => {
    const store = new MemoryStore()
    const [a, b] = history(1, 2) as [Event, Event]
    const cases: [unknown, string][] = [
      [{ ...b, name: '' }, 'INVALID_NAME'],
      [{ ...b, id: '00000000-0000-0000-0000-000000000000' }, 'NIL_UUID'],
      [{ ...b, id: 'nope' }, 'INVALID_UUID'],
      [{ ...b, timeNano: 5 }, 'INVALID_TIME'],
      [{ ...b, aggregate: { ...b.aggregate!, version: 0 } }, 'INVALID_VERSION'],
      [null, 'INVALID_EVENT'],
    ]
    for (const [bad, code] of cases) {
      await expect(codeOf(store.insert([a, bad as Event]))).resolves.toBe(code)
      expect(store.size).toBe(0)
    }
    await expect(codeOf(store.insert('x' as unknown as Event[]))).resolves.toBe('INVALID_EVENT')
  })

  it('leaves clean indexes after a rejected batch: the same valid events insert fine afterwards', async () => {
    const store = new MemoryStore()
    const events = history(20, 50)
    for (let i = 0; i < 500; i += 100) await store.insert(events.slice(i, i + 100))
    const rest = events.slice(500)
    const bad = [...rest.slice(0, 300), rest[10]!] // duplicate at the end, after the id table grew
    expect(isConsistencyError(await store.insert(bad).catch((e: unknown) => e))).toBe(true)
    expect(store.size).toBe(500)
    await store.insert(rest)
    expect(store.size).toBe(1000)
    for (const e of events) expect(await store.find(e.id)).toBe(e)
    const agg = events[777]!.aggregate!
    const got = await drain(store.query({ aggregates: [{ name: agg.name, id: agg.id }] }))
    expect(got).toHaveLength(50)
  })

  it('handles sparse and huge aggregate versions: conflicts, aggregate queries and deletes', async () => {
    const store = new MemoryStore()
    const agg = { name: 'test.big', id: uuid() }
    const versions = [1, 5, 70_000, 2 ** 40, Number.MAX_SAFE_INTEGER]
    const events = versions.map((version) => newEvent('test.added', { version }, { aggregate: { ...agg, version } }))
    await store.insert(events)
    for (const version of versions) {
      const clash = newEvent('test.added', null, { aggregate: { ...agg, version } })
      expect(isConsistencyError(await store.insert([clash]).catch((e: unknown) => e))).toBe(true)
    }
    const filler = history(4, 5) // so the aggregate is a narrow part of the store and the index is used
    await store.insert(filler)
    const q: Query = { aggregates: [agg], sort: [{ by: 'aggregateVersion', dir: 'asc' }] }
    expect(await drain(store.query(q))).toEqual(events)
    await store.delete([events[3]!])
    expect((await drain(store.query(q))).map((e) => e.aggregate!.version)).toEqual([
      1,
      5,
      70_000,
      Number.MAX_SAFE_INTEGER,
    ])
    await store.insert([newEvent('test.added', null, { aggregate: { ...agg, version: 2 ** 40 } })])
    expect(store.size).toBe(25)
  })

  it('find of an unknown id rejects with NOT_FOUND naming the id; a malformed id with its typed error', async () => {
    const store = new MemoryStore()
    await store.insert(history(1, 2))
    const id = uuid()
    const err = await store.find(id).catch((e: unknown) => e)
    expect(isGoesError(err, 'NOT_FOUND')).toBe(true)
    expect((err as Error).message).toContain(id)
    await expect(codeOf(store.find('00000000-0000-0000-0000-000000000000'))).resolves.toBe('NIL_UUID')
    await expect(codeOf(store.find('abc'))).resolves.toBe('INVALID_UUID')
  })

  it('deletes by id, ignores unknown ids, and lets a deleted id be inserted again', async () => {
    const store = new MemoryStore()
    const events = history(2, 5)
    await store.insert(events)
    const gone = [events[1]!, events[7]!]
    await store.delete([...gone, { id: uuid() }])
    expect(store.size).toBe(8)
    for (const e of gone) await expect(codeOf(store.find(e.id))).resolves.toBe('NOT_FOUND')
    for (const e of events.filter((x) => !gone.includes(x))) expect(await store.find(e.id)).toBe(e)
    const all = await drain(store.query())
    expect(all.some((e) => gone.includes(e))).toBe(false)
    await store.insert([events[1]!]) // id and aggregate version are free again
    expect(await store.find(events[1]!.id)).toBe(events[1])
    await store.delete([])
    await expect(codeOf(store.delete([null as unknown as Event]))).resolves.toBe('INVALID_EVENT')
  })

  it('query validation error: a malformed query rejects with INVALID_QUERY on the first iteration', async () => {
    const store = new MemoryStore()
    const result = store.query({ name: ['x'] } as unknown as Query) // no throw yet
    await expect(codeOf(drain(result))).resolves.toBe('INVALID_QUERY')
    await expect(codeOf(drain(store.query({ names: [] })))).resolves.toBe('INVALID_QUERY')
  })

  it('matches every filter like the in-memory matcher, via index or scan', async () => {
    const store = new MemoryStore()
    const events = history(10, 20)
    await store.insert(events)
    const a = events[25]!.aggregate!
    const b = events[150]!.aggregate!
    const queries: Query[] = [
      { names: ['test.removed'] },
      { ids: [events[3]!.id, events[3]!.id, events[99]!.id, uuid()] },
      { aggregates: [{ name: a.name, id: a.id }] },
      { aggregates: [{ name: a.name, id: a.id }, { name: b.name }] },
      { aggregateNames: ['test.board'], aggregateIds: [a.id, b.id] },
      { aggregateIds: [b.id], aggregateVersions: { min: 5, max: 9 } },
      { aggregateNames: ['test.list'] },
      { times: { min: T0 + 10_000n, max: T0 + 40_000n }, names: ['test.added'] },
    ]
    for (const q of queries) {
      const got = await drain(store.query(q))
      const want = events.filter((e) => matchesQuery(q, e))
      expect(new Set(got)).toEqual(new Set(want))
      expect(got).toHaveLength(want.length)
    }
  })

  it('sorts like sortEvents, for every field and direction, stored in or out of time order', async () => {
    for (const ordered of [false, true]) {
      const store = new MemoryStore()
      const events = history(6, 15, { ordered })
      await store.insert(events)
      const sorts: Query['sort'][] = [
        [{ by: 'time', dir: 'asc' }],
        [{ by: 'time', dir: 'desc' }],
        [
          { by: 'time', dir: 'desc' },
          { by: 'aggregateVersion', dir: 'asc' },
        ],
        [
          { by: 'aggregateName', dir: 'asc' },
          { by: 'aggregateId', dir: 'desc' },
          { by: 'aggregateVersion', dir: 'desc' },
        ],
      ]
      for (const sort of sorts) {
        for (const filter of [{}, { names: ['test.added'] }, { aggregateIds: [events[20]!.aggregate!.id] }]) {
          const q: Query = { ...filter, sort }
          const want = sortEvents(
            events.filter((e) => matchesQuery(q, e)),
            sort,
          )
          expect((await drain(store.query(q))).map((e) => e.id)).toEqual(want.map((e) => e.id))
        }
      }
    }
  })

  it('takes a consistent snapshot at the first step: later inserts and deletes do not show up', async () => {
    const store = new MemoryStore()
    const events = history(2, 10)
    await store.insert(events.slice(0, 10))
    const it = store.query()[Symbol.asyncIterator]()
    const first = await it.next()
    await store.insert(events.slice(10))
    await store.delete(events.slice(0, 5))
    const rest: Event[] = []
    for (;;) {
      const r = await it.next()
      if (r.done) break
      rest.push(r.value)
    }
    expect([first.value, ...rest]).toEqual(events.slice(0, 10))
    expect(await drain(store.query())).toHaveLength(15)
  })

  it('aborts mid-iteration with ABORTED; an aborted signal rejects every method', async () => {
    const store = new MemoryStore()
    await store.insert(history(2, 50))
    const ac = new AbortController()
    let seen = 0
    const err = await (async () => {
      for await (const _ of store.query({}, { signal: ac.signal })) if (++seen === 10) ac.abort()
    })().catch((e: unknown) => e)
    expect(isGoesError(err, 'ABORTED')).toBe(true)
    expect(seen).toBe(10)
    const signal = AbortSignal.abort()
    await expect(codeOf(store.insert(history(1, 1), { signal }))).resolves.toBe('ABORTED')
    await expect(codeOf(store.find(uuid(), { signal }))).resolves.toBe('ABORTED')
    await expect(codeOf(store.delete([], { signal }))).resolves.toBe('ABORTED')
    await expect(codeOf(drain(store.query({}, { signal })))).resolves.toBe('ABORTED')
    expect(store.size).toBe(100)
  })

  it('break releases the query: the iterator is finished afterwards', async () => {
    const store = new MemoryStore()
    await store.insert(history(1, 30))
    const result = store.query()
    const it = result[Symbol.asyncIterator]()
    let n = 0
    for await (const _ of { [Symbol.asyncIterator]: () => it }) if (++n === 3) break
    expect(n).toBe(3)
    expect((await it.next()).done).toBe(true)
    expect(await drain(result)).toHaveLength(30) // a new iteration starts afresh
  })
})
