import { encodeEnvelope } from '../src/backend/index.js'
import {
  CodecRegistry,
  drain,
  type Event,
  eventsEqual,
  type GoesError,
  isGoesError,
  MemoryBus,
  newEvent,
  type Subscription,
} from '../src/index.js'

const tick = () => new Promise((r) => setTimeout(r, 0))

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p
  } catch (err) {
    return isGoesError(err) ? err.code : `untyped: ${String(err)}`
  }
  return undefined
}

/** Reads exactly `n` events from a subscription without closing it. */
async function read(sub: Subscription, n: number): Promise<Event[]> {
  const it = sub[Symbol.asyncIterator]()
  const out: Event[] = []
  while (out.length < n) {
    const r = await it.next()
    if (r.done) break
    out.push(r.value)
  }
  return out
}

/** True when no event arrives within a few ticks; closes the subscription afterwards. */
async function nothingArrives(sub: Subscription): Promise<boolean> {
  const next = sub[Symbol.asyncIterator]().next()
  const verdict = await Promise.race([
    next.then((r) => r.done === true),
    tick()
      .then(tick)
      .then(() => true),
  ])
  await sub.close()
  return verdict && (await next).done === true
}

const ev = (name: string, data: unknown = null) => newEvent(name, data)

describe('MemoryBus', () => {
  it('delivers published events to one subscriber, as the very objects published', async () => {
    const bus = new MemoryBus()
    const sub = await bus.subscribe(['bus.a'])
    const events = [ev('bus.a', 1), ev('bus.a', 2)]
    await bus.publish(events)
    const got = await read(sub, 2)
    expect(got[0]).toBe(events[0])
    expect(got[1]).toBe(events[1])
    await sub.close()
  })

  it('delivers every event to each of many subscribers', async () => {
    const bus = new MemoryBus()
    const subs = await Promise.all([1, 2, 3, 4].map(() => bus.subscribe(['bus.a'])))
    const events = [ev('bus.a', 1), ev('bus.a', 2), ev('bus.a', 3)]
    await bus.publish(events)
    for (const sub of subs) expect(await read(sub, 3)).toEqual(events)
  })

  it('a subscription to several names gets those names only', async () => {
    const bus = new MemoryBus()
    const sub = await bus.subscribe(['bus.a', 'bus.b'])
    await bus.publish([ev('bus.a'), ev('bus.c'), ev('bus.b'), ev('bus.c')])
    expect((await read(sub, 2)).map((e) => e.name)).toEqual(['bus.a', 'bus.b'])
    expect(await nothingArrives(sub)).toBe(true)
  })

  it("wildcard '*' gets every event, alongside named subscribers", async () => {
    const bus = new MemoryBus()
    const all = await bus.subscribe('*')
    const named = await bus.subscribe(['bus.b'])
    await bus.publish([ev('bus.a'), ev('bus.b'), ev('bus.c')])
    expect((await read(all, 3)).map((e) => e.name)).toEqual(['bus.a', 'bus.b', 'bus.c'])
    expect((await read(named, 1)).map((e) => e.name)).toEqual(['bus.b'])
  })

  it('rejects bad names and groups with INVALID_NAME', async () => {
    const bus = new MemoryBus()
    await expect(codeOf(bus.subscribe([]))).resolves.toBe('INVALID_NAME')
    await expect(codeOf(bus.subscribe(['bus.a', '*']))).resolves.toBe('INVALID_NAME')
    await expect(codeOf(bus.subscribe(['']))).resolves.toBe('INVALID_NAME')
    await expect(codeOf(bus.subscribe([' padded ']))).resolves.toBe('INVALID_NAME')
    await expect(codeOf(bus.subscribe('bus.a' as unknown as string[]))).resolves.toBe('INVALID_NAME')
    await expect(codeOf(bus.subscribe(['bus.a'], { group: '' }))).resolves.toBe('INVALID_NAME')
    await expect(codeOf(bus.subscribe(['bus.a'], { signal: AbortSignal.abort() }))).resolves.toBe('ABORTED')
  })

  it('rejects invalid events with their typed error and delivers nothing of the batch', async () => {
    const bus = new MemoryBus()
    const sub = await bus.subscribe('*')
    const good = ev('bus.a')
    const bad = { ...ev('bus.a'), id: '00000000-0000-0000-0000-000000000000' }
    await expect(codeOf(bus.publish([good, bad]))).resolves.toBe('NIL_UUID')
    await expect(codeOf(bus.publish([good, { ...good, name: '' }]))).resolves.toBe('INVALID_NAME')
    await expect(codeOf(bus.publish('x' as unknown as Event[]))).resolves.toBe('INVALID_EVENT')
    const last = ev('bus.z')
    await bus.publish([last])
    expect(await read(sub, 1)).toEqual([last])
  })

  it('group: subscribers sharing a group share events round-robin; others still get all', async () => {
    const bus = new MemoryBus()
    const members = await Promise.all([1, 2, 3].map(() => bus.subscribe(['bus.job'], { group: 'workers' })))
    const other = await bus.subscribe(['bus.job'])
    const jobs = Array.from({ length: 9 }, (_, i) => ev('bus.job', i))
    await bus.publish(jobs)
    const shares = await Promise.all(members.map((m) => read(m, 3)))
    expect(shares.map((s) => s.map((e) => e.data))).toEqual([
      [0, 3, 6],
      [1, 4, 7],
      [2, 5, 8],
    ])
    expect(await read(other, 9)).toEqual(jobs)
    // A member that leaves no longer gets a share.
    await members[1]!.close()
    await bus.publish([ev('bus.job', 9), ev('bus.job', 10)])
    const rest = [...(await read(members[0]!, 1)), ...(await read(members[2]!, 1))]
    expect(rest.map((e) => e.data).sort()).toEqual([10, 9].sort())
  })

  it('group: a member only gets names it subscribed to', async () => {
    const bus = new MemoryBus()
    const onlyA = await bus.subscribe(['bus.a'], { group: 'g' })
    const both = await bus.subscribe(['bus.a', 'bus.b'], { group: 'g' })
    await bus.publish([ev('bus.b', 1), ev('bus.b', 2)])
    expect((await read(both, 2)).map((e) => e.data)).toEqual([1, 2])
    expect(await nothingArrives(onlyA)).toBe(true)
  })

  it('close ends iteration: a pending next resolves done, closed resolves, close is idempotent', async () => {
    const bus = new MemoryBus()
    const sub = await bus.subscribe(['bus.a'])
    const it = sub[Symbol.asyncIterator]()
    const pending = it.next()
    const errorsDone = drain(sub.errors)
    await sub.close()
    await sub.close()
    expect((await pending).done).toBe(true)
    await expect(sub.closed).resolves.toBeUndefined()
    expect(await errorsDone).toEqual([])
    await bus.publish([ev('bus.a')])
    expect((await it.next()).done).toBe(true)
  })

  it('breaking out of for-await closes the subscription', async () => {
    const bus = new MemoryBus()
    const sub = await bus.subscribe(['bus.a'])
    await bus.publish([ev('bus.a', 1), ev('bus.a', 2)])
    for await (const _ of sub) break
    await sub.closed
    const again = await bus.subscribe(['bus.a'])
    await bus.publish([ev('bus.a', 3)])
    expect((await read(again, 1))[0]!.data).toBe(3)
  })

  it('the subscribe signal closes the subscription; Symbol.asyncDispose closes it too', async () => {
    const bus = new MemoryBus()
    const ac = new AbortController()
    const sub = await bus.subscribe(['bus.a'], { signal: ac.signal })
    const waiting = read(sub, 1)
    ac.abort()
    expect(await waiting).toEqual([])
    await sub.closed
    const sub2 = await bus.subscribe(['bus.a'])
    await sub2[Symbol.asyncDispose]()
    await sub2.closed
  })

  it('keeps per-publisher order of 10k events, with two publishers interleaving', async () => {
    const bus = new MemoryBus()
    const subs = await Promise.all([bus.subscribe('*'), bus.subscribe(['bus.p1', 'bus.p2'])])
    const N = 10_000
    const publisher = async (name: string) => {
      for (let i = 0; i < N; ) {
        const size = 1 + (i % 7)
        const batch = Array.from({ length: Math.min(size, N - i) }, (_, k) => ev(name, i + k))
        i += batch.length
        await bus.publish(batch)
        if (i % 500 === 0) await tick()
      }
    }
    const receiving = subs.map((s) => read(s, 2 * N))
    await Promise.all([publisher('bus.p1'), publisher('bus.p2')])
    for (const got of await Promise.all(receiving)) {
      expect(got).toHaveLength(2 * N)
      for (const name of ['bus.p1', 'bus.p2']) {
        const seq = got.filter((e) => e.name === name).map((e) => e.data)
        expect(seq).toEqual(Array.from({ length: N }, (_, i) => i))
      }
    }
  })

  it('back-pressure: with a highWaterMark, publish waits for a slow reader', async () => {
    const bus = new MemoryBus({ highWaterMark: 2 })
    const sub = await bus.subscribe(['bus.a'])
    let done = false
    const publishing = bus.publish([1, 2, 3, 4, 5].map((i) => ev('bus.a', i))).then(() => {
      done = true
    })
    await tick()
    expect(done).toBe(false)
    const got = await read(sub, 5)
    await publishing
    expect(got.map((e) => e.data)).toEqual([1, 2, 3, 4, 5])
  })

  it('back-pressure: a publish waiting on a reader gives up on abort, and a close frees it', async () => {
    const bus = new MemoryBus({ highWaterMark: 1 })
    const stalled = await bus.subscribe(['bus.a'])
    const ac = new AbortController()
    const first = bus.publish([ev('bus.a'), ev('bus.a')], { signal: ac.signal })
    await tick()
    ac.abort()
    await expect(codeOf(first)).resolves.toBe('ABORTED')
    const second = bus.publish([ev('bus.a'), ev('bus.a'), ev('bus.a')])
    await tick()
    await stalled.close()
    await expect(second).resolves.toBeUndefined()
    expect(() => new MemoryBus({ highWaterMark: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }))
  })
})

describe('MemoryBus in codec mode', () => {
  const codecs = () => new CodecRegistry().register('bus.a').register('bus.b')

  it('delivers lazily decoded copies equal to the published events', async () => {
    const bus = new MemoryBus({ codecs: codecs() })
    const sub = await bus.subscribe(['bus.a', 'bus.b'])
    const events = [
      newEvent('bus.a', { title: 'milk' }),
      newEvent('bus.b', [1, 2], { aggregate: { name: 'bus.list', id: newEvent('x', 0).id, version: 3 } }),
    ]
    await bus.publish(events)
    const got = await read(sub, 2)
    expect(got[0]).not.toBe(events[0])
    for (let i = 0; i < 2; i++) expect(eventsEqual(got[i]!, events[i]!)).toBe(true)
  })

  it('rejects a batch with an unregistered name or unencodable data before delivering any of it', async () => {
    const bus = new MemoryBus({ codecs: codecs() })
    const sub = await bus.subscribe('*')
    await expect(codeOf(bus.publish([ev('bus.a', 1), ev('bus.unknown', 2)]))).resolves.toBe('UNKNOWN_NAME')
    await expect(codeOf(bus.publish([ev('bus.a', 1), ev('bus.b', { n: 10n })]))).resolves.toBe('ENCODE_FAILED')
    const ok = ev('bus.a', 'ok')
    await bus.publish([ok])
    const [got] = await read(sub, 1)
    expect(got!.id).toBe(ok.id)
  })

  it('a malformed message or unknown name goes to errors, and the subscription goes on', async () => {
    const bus = new MemoryBus({ codecs: codecs() })
    const sub = await bus.subscribe('*')
    await bus.publishRaw('bus.a', new Uint8Array([0xff, 0x00, 0x13]))
    const foreign = encodeEnvelope(ev('bus.c', 1), new CodecRegistry({ unknownNames: 'json' }))
    await bus.publishRaw('bus.c', foreign)
    await bus.publishRaw('bus.b', encodeEnvelope(ev('bus.a', 1), codecs())) // sent under the wrong name
    const ok = ev('bus.a', 'still here')
    await bus.publish([ok])
    expect((await read(sub, 1))[0]!.id).toBe(ok.id)
    await sub.close()
    const errors = (await drain(sub.errors)) as GoesError[]
    expect(errors.map((e) => e.code)).toEqual(['MALFORMED_MESSAGE', 'UNKNOWN_NAME', 'MALFORMED_MESSAGE'])
  })

  it('publishRaw rejects outside codec mode, and bad arguments, with typed errors', async () => {
    await expect(codeOf(new MemoryBus().publishRaw('bus.a', new Uint8Array(1)))).resolves.toBe('INVALID_STATE')
    const bus = new MemoryBus({ codecs: codecs() })
    await expect(codeOf(bus.publishRaw('', new Uint8Array(1)))).resolves.toBe('INVALID_NAME')
    await expect(codeOf(bus.publishRaw('bus.a', 'x' as unknown as Uint8Array))).resolves.toBe('MALFORMED_MESSAGE')
  })

  it('keeps at most maxBufferedErrors unread errors, counting the dropped ones', async () => {
    const bus = new MemoryBus({ codecs: codecs(), maxBufferedErrors: 3 })
    const sub = await bus.subscribe(['bus.a'])
    for (let i = 0; i < 5; i++) await bus.publishRaw('bus.a', new Uint8Array([i]))
    expect(sub.droppedErrors).toBe(2)
    await sub.close()
    expect(await drain(sub.errors)).toHaveLength(3)
  })
})
