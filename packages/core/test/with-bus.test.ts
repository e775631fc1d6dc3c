import {
  CodecRegistry,
  drain,
  type Event,
  type EventBus,
  type EventStore,
  isConsistencyError,
  isGoesError,
  isPublishFailedError,
  MemoryBus,
  MemoryStore,
  newEvent,
  withBus,
} from '../src/index.js'

async function readOne(iterable: AsyncIterable<Event>): Promise<Event> {
  for await (const e of iterable) return e
  throw new Error('ended without an event')
}

describe('withBus', () => {
  it('publishes the events of a successful insert, after they are stored', async () => {
    const inner = new MemoryStore()
    // A store that takes its time: were publish to run first, the subscriber would not find it.
    const slow: EventStore = {
      insert: async (events, options) => {
        await new Promise((r) => setTimeout(r, 10))
        await inner.insert(events, options)
      },
      find: (id, options) => inner.find(id, options),
      query: (q, options) => inner.query(q, options),
      delete: (events, options) => inner.delete(events, options),
    }
    const bus = new MemoryBus()
    const store = withBus(slow, bus)
    const sub = await bus.subscribe(['wb.added'])
    const e = newEvent('wb.added', { n: 1 })
    const received = (async () => {
      const got = await readOne(sub)
      return { got, stored: await inner.find(got.id) } // already in the store on arrival
    })()
    await store.insert([e])
    const { got, stored } = await received
    expect(got).toBe(e)
    expect(stored).toBe(e)
  })

  it('publishes nothing when the insert fails', async () => {
    const bus = new MemoryBus()
    const store = withBus(new MemoryStore(), bus)
    const e = newEvent('wb.added', null)
    await store.insert([e])
    const sub = await bus.subscribe('*')
    const err = await store.insert([newEvent('wb.added', null), e]).catch((x: unknown) => x)
    expect(isConsistencyError(err)).toBe(true)
    await store.insert([]) // nothing to publish either
    const marker = newEvent('wb.marker', null)
    await bus.publish([marker])
    expect(await readOne(sub)).toBe(marker) // the first thing the subscriber saw
  })

  it('when publishing fails, the insert stands and insert rejects with PUBLISH_FAILED, the publish error as cause', async () => {
    const inner = new MemoryStore()
    const bus = new MemoryBus({ codecs: new CodecRegistry() }) // knows no names: every publish fails
    const store = withBus(inner, bus)
    const e = newEvent('wb.unregistered', null)
    const err = await store.insert([e]).catch((x: unknown) => x)
    expect(isPublishFailedError(err)).toBe(true)
    expect(isGoesError((err as Error).cause, 'UNKNOWN_NAME')).toBe(true)
    expect(await inner.find(e.id)).toBe(e)
  })

  it('passes find, query and delete straight to the store, options included', async () => {
    const calls: string[] = []
    const bus: EventBus = { publish: async () => void calls.push('publish'), subscribe: () => Promise.reject() }
    const store = withBus(new MemoryStore(), bus)
    const e = newEvent('wb.added', null)
    await store.insert([e])
    expect(calls).toEqual(['publish'])
    expect(await store.find(e.id)).toBe(e)
    expect(await drain(store.query({ names: ['wb.added'] }))).toEqual([e])
    const aborted = await store.find(e.id, { signal: AbortSignal.abort() }).catch((x: unknown) => x)
    expect(isGoesError(aborted, 'ABORTED')).toBe(true)
    await store.delete([e])
    expect(await drain(store.query())).toEqual([])
    expect(calls).toEqual(['publish'])
  })
})
