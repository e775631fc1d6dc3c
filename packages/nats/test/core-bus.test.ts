import { CodecRegistry, isGoesError, newEvent } from '@goes/core'
import type { NatsConnection } from '@nats-io/transport-node'
import { JetStreamBus, NatsBus } from '../src/index.js'
import { collect, sleep } from './fixtures-n1/collect.js'
import { connectNats, deleteStream, nats, uniqueId } from './fixtures-n1/setup.js'

const codecs = new CodecRegistry({ unknownNames: 'json' })

nats.describe('NatsBus and JetStreamBus: lifecycle and limits', () => {
  let nc: NatsConnection
  beforeAll(async () => {
    nc = await connectNats()
  })
  afterAll(async () => {
    await nc?.close()
  })

  it('rejects bad options with INVALID_OPTION', () => {
    expect(() => new NatsBus({} as NatsConnection)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }))
    expect(() => new NatsBus(nc, { prefix: 'a.>' })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }))
    expect(() => new NatsBus(nc, { maxBufferedErrors: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }))
    expect(() => new JetStreamBus(nc, { stream: 'a.b' })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }))
    expect(() => new JetStreamBus(nc, { ackWait: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }))
  })

  it('close() ends the subscriptions; later calls reject with CLOSED; the connection stays open', async () => {
    const bus = new NatsBus(nc, { codecs, prefix: `t${uniqueId()}` })
    const sub = await bus.subscribe(['a.b'])
    await bus.close()
    await sub.closed
    await bus.close() // idempotent
    await expect(bus.publish([newEvent('a.b', {})])).rejects.toMatchObject({ code: 'CLOSED' })
    await expect(bus.subscribe(['a.b'])).rejects.toMatchObject({ code: 'CLOSED' })
    expect(nc.isClosed()).toBe(false)
  })

  it('an envelope over max_payload is ENCODE_FAILED and nothing of the batch is published', async () => {
    await using bus = new NatsBus(nc, { codecs, prefix: `t${uniqueId()}` })
    const c = collect(await bus.subscribe(['a.b']))
    const big = newEvent('a.b', { blob: 'x'.repeat(nc.info!.max_payload) })
    const err = await bus.publish([newEvent('a.b', { small: true }), big]).catch((e: unknown) => e)
    expect(isGoesError(err, 'ENCODE_FAILED')).toBe(true)
    await sleep(200)
    expect(c.events).toEqual([])
  })

  it('a connection that closes ends its subscriptions with a CLOSED error on `errors`', async () => {
    const own = await connectNats()
    const bus = new NatsBus(own, { codecs, prefix: `t${uniqueId()}` })
    const sub = await bus.subscribe(['a.b'])
    const c = collect(sub)
    await own.close()
    await sub.closed
    const [err] = await c.waitForErrors(1)
    expect(err!.code).toBe('CLOSED')
    await expect(bus.publish([newEvent('a.b', {})])).rejects.toMatchObject({ code: 'CLOSED' })
  })

  it('with confirm: false a publish resolves without a round trip, and the events arrive', async () => {
    await using bus = new NatsBus(nc, { codecs, prefix: `t${uniqueId()}`, confirm: false })
    const c = collect(await bus.subscribe(['a.b']))
    await bus.publish([newEvent('a.b', { n: 1 }), newEvent('a.b', { n: 2 })])
    expect((await c.waitFor(2)).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }])
    expect(() => new NatsBus(nc, { confirm: 'yes' as unknown as boolean })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    )
  })

  it('a JetStream subscription of a connection that closes ends too, with CLOSED on `errors`', async () => {
    const id = uniqueId()
    const own = await connectNats()
    const bus = new JetStreamBus(own, { codecs, prefix: `t${id}`, stream: `T_${id}` })
    try {
      const subs = [await bus.subscribe(['a.b']), await bus.subscribe(['a.b'], { durable: 'd' })]
      const errors = subs.map((s) => collect(s))
      await own.close()
      await Promise.all(subs.map((s) => s.closed))
      for (const c of errors) expect((await c.waitForErrors(1))[0]!.code).toBe('CLOSED')
    } finally {
      await deleteStream(nc, `T_${id}`)
    }
  })

  it('a custom subject function that gives two names one subject never mixes them up', async () => {
    await using bus = new NatsBus(nc, { codecs, prefix: `t${uniqueId()}`, subject: () => 'shared' })
    const a = collect(await bus.subscribe(['a.one']))
    await bus.publish([newEvent('a.two', {}), newEvent('a.one', {})])
    await a.waitFor(1)
    await sleep(100)
    expect(a.events.map((e) => e.name)).toEqual(['a.one'])
    expect(a.errors).toEqual([])
  })

  it('subscribe with an aborted signal rejects with ABORTED; a JetStream publish honours its signal', async () => {
    const id = uniqueId()
    const bus = new JetStreamBus(nc, { codecs, prefix: `t${id}`, stream: `T_${id}` })
    try {
      await expect(bus.subscribe(['a.b'], { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'ABORTED' })
      await expect(bus.publish([newEvent('a.b', {})], { signal: AbortSignal.abort() })).rejects.toMatchObject({
        code: 'ABORTED',
      })
    } finally {
      await bus.close()
      await deleteStream(nc, `T_${id}`)
    }
  })

  it('a JetStream publish is de-duplicated by event id', async () => {
    const id = uniqueId()
    const bus = new JetStreamBus(nc, { codecs, prefix: `t${id}`, stream: `T_${id}` })
    try {
      const c = collect(await bus.subscribe(['a.b']))
      const e = newEvent('a.b', { once: true })
      await bus.publish([e])
      await bus.publish([e]) // a retry after a lost acknowledgement
      await bus.publish([newEvent('a.b', { marker: true })])
      await c.waitFor(2)
      await sleep(100)
      expect(c.events.map((x) => x.data)).toEqual([{ once: true }, { marker: true }])
    } finally {
      await bus.close()
      await deleteStream(nc, `T_${id}`)
    }
  })
})
