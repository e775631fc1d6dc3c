import { type Codec, CodecRegistry, drain, type Event, isGoesError, MemoryBus, newEvent, take } from '../src/index.js'

/** A JSON codec for `name` that counts its decode calls. */
function countingCodecs(name: string) {
  const counter = { decodes: 0 }
  const inner = new CodecRegistry().register(name)
  const codec: Codec<unknown> = {
    encode: (data) => inner.encode(name, data),
    decode: (bytes) => {
      counter.decodes++
      return inner.decode(name, bytes)
    },
  }
  return { codecs: new CodecRegistry().register(name, { codec }), counter }
}

describe('MemoryBus lazy decoding', () => {
  it('FND-3: lazy decoding — a subscriber that never reads data causes no decode; one that reads it twice causes one decode', async () => {
    const { codecs, counter } = countingCodecs('bus.lazy')
    const bus = new MemoryBus({ codecs })
    const idle = await bus.subscribe(['bus.lazy'])
    const reader = await bus.subscribe(['bus.lazy'])
    const published = newEvent('bus.lazy', { title: 'milk' })
    await bus.publish([published])

    const [untouched] = await drain(take(idle, 1))
    expect(untouched!.id).toBe(published.id)
    expect(untouched!.name).toBe('bus.lazy')
    expect(untouched!.timeNano).toBe(published.timeNano)
    expect(counter.decodes).toBe(0)

    const [read] = await drain(take(reader, 1))
    expect(counter.decodes).toBe(0)
    expect(read!.data).toEqual({ title: 'milk' })
    expect(read!.data).toEqual({ title: 'milk' })
    expect(counter.decodes).toBe(1)
  })

  it('each subscriber decodes its own copy, once, only when it reads', async () => {
    const { codecs, counter } = countingCodecs('bus.lazy')
    const bus = new MemoryBus({ codecs })
    const subs = await Promise.all([1, 2, 3].map(() => bus.subscribe('*')))
    await bus.publish([newEvent('bus.lazy', 1), newEvent('bus.lazy', 2)])
    const got: Event[][] = []
    for (const sub of subs) got.push(await drain(take(sub, 2)))
    expect(counter.decodes).toBe(0)
    expect(got[0]![1]!.data).toBe(2)
    expect(got[2]![1]!.data).toBe(2)
    expect(got[2]![1]!.data).toBe(2)
    expect(counter.decodes).toBe(2)
  })

  it('undecodable data fails when read (DECODE_FAILED), not on delivery; the subscription goes on', async () => {
    const failing: Codec<unknown> = {
      encode: (data) => new TextEncoder().encode(JSON.stringify(data)),
      decode: () => {
        throw new Error('corrupt')
      },
    }
    const bus = new MemoryBus({
      codecs: new CodecRegistry().register('bus.bad', { codec: failing }).register('bus.ok'),
    })
    const sub = await bus.subscribe('*')
    await bus.publish([newEvent('bus.bad', { x: 1 }), newEvent('bus.ok', 'fine')])
    const [bad, ok] = await drain(take(sub, 2))
    expect(bad!.name).toBe('bus.bad')
    let err: unknown
    try {
      void bad!.data
    } catch (e) {
      err = e
    }
    expect(isGoesError(err, 'DECODE_FAILED')).toBe(true)
    expect(ok!.data).toBe('fine')
  })
})
