import { CodecRegistry, type GoesError, isGoesError, newEvent } from '@goes/core'
import { jetstreamManager } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/transport-node'
import { JetStreamBus } from '../src/index.js'
import { collect } from './fixtures-n1/collect.js'
import { connectNats, deleteStream, nats, uniqueId } from './fixtures-n1/setup.js'

const codecs = new CodecRegistry({ unknownNames: 'json' })

async function failure(p: Promise<unknown>): Promise<GoesError> {
  try {
    await p
  } catch (err) {
    if (isGoesError(err)) return err
    throw err
  }
  throw new Error('expected a rejection')
}

nats.describe('JetStreamBus: streams and consumers created or verified', () => {
  let nc: NatsConnection
  const streams: string[] = []
  const stream = (prefix = 'T') => {
    const name = `${prefix}_${uniqueId()}`
    streams.push(name)
    return name
  }
  beforeAll(async () => {
    nc = await connectNats()
  })
  afterAll(async () => {
    for (const s of streams.reverse()) await deleteStream(nc, s)
    await nc?.close()
  })

  it('creates the stream with the configured settings, and verifies it on the next start', async () => {
    const name = stream()
    const prefix = `t${uniqueId()}`
    const config = { max_age: 3_600_000_000_000, storage: 'memory' as const }
    await new JetStreamBus(nc, { prefix, stream: { name, config } }).ready()
    const info = await (await jetstreamManager(nc)).streams.info(name)
    expect(info.config).toMatchObject({ subjects: [`${prefix}.>`], ...config })
    await new JetStreamBus(nc, { prefix, stream: { name, config } }).ready() // verified: fine
    const err = await failure(new JetStreamBus(nc, { prefix, stream: { name, config: { max_age: 60e9 } } }).ready())
    expect(err.code).toBe('INVALID_STATE')
    expect(err.message).toMatch(/max_age is 3600000000000 where the bus asks for 60000000000.*Fix:/)
  })

  it('rejects an existing stream that does not capture the prefix, naming the subjects and the fix', async () => {
    const name = stream()
    const jsm = await jetstreamManager(nc)
    await jsm.streams.add({ name, subjects: [`other${uniqueId()}.>`] })
    const err = await failure(new JetStreamBus(nc, { prefix: `t${uniqueId()}`, stream: name }).ready())
    expect(err.code).toBe('INVALID_STATE')
    expect(err.message).toMatch(/captures .*not the bus' subjects.*Fix: add/)
  })

  it('rejects a work-queue stream, and a missing stream it may not create', async () => {
    const name = stream()
    const prefix = `t${uniqueId()}`
    await (await jetstreamManager(nc)).streams.add({ name, subjects: [`${prefix}.>`], retention: 'workqueue' })
    expect((await failure(new JetStreamBus(nc, { prefix, stream: name }).ready())).message).toMatch(/work-queue/)
    const missing = await failure(
      new JetStreamBus(nc, { stream: { name: `NOPE_${uniqueId()}`, create: false } }).ready(),
    )
    expect(missing.code).toBe('NOT_FOUND')
  })

  it('reads from a mirror stream: verification accepts a stream without subjects that mirrors the origin', async () => {
    const origin = stream('O')
    const mirror = stream('M')
    const prefix = `t${uniqueId()}`
    const writer = new JetStreamBus(nc, { codecs, prefix, stream: origin })
    await writer.ready()
    const reader = new JetStreamBus(nc, {
      codecs,
      prefix,
      stream: { name: mirror, config: { mirror: { name: origin } } },
    })
    const c = collect(await reader.subscribe(['todo.task_added'], { durable: 'mirror-reader' }))
    const e = newEvent('todo.task_added', { title: 'via mirror' })
    await reader.publish([e]) // goes to the origin, which captures the subject
    await c.waitFor(1)
    expect(c.events[0]!.id).toBe(e.id)
    // A second bus on the existing mirror verifies it (no subjects of its own) without complaint.
    await new JetStreamBus(nc, { codecs, prefix, stream: { name: mirror, create: false } }).ready()
    await reader.close()
  })

  it('reads from a stream with sources: events of two origin streams arrive through one subscription', async () => {
    const [a, b, all] = [stream('A'), stream('B'), stream('S')]
    const [pa, pb] = [`t${uniqueId()}`, `t${uniqueId()}`]
    const busA = new JetStreamBus(nc, { codecs, prefix: pa, stream: a })
    const busB = new JetStreamBus(nc, { codecs, prefix: pb, stream: b })
    await Promise.all([busA.ready(), busB.ready()])
    const config = { sources: [{ name: a }, { name: b }], subjects: [] }
    const readA = new JetStreamBus(nc, { codecs, prefix: pa, stream: { name: all, config } })
    const readB = new JetStreamBus(nc, { codecs, prefix: pb, stream: { name: all, config } })
    const ca = collect(await readA.subscribe('*'))
    const cb = collect(await readB.subscribe('*'))
    const [ea, eb] = [newEvent('a.happened', {}), newEvent('b.happened', {})]
    await busA.publish([ea])
    await busB.publish([eb])
    expect((await ca.waitFor(1))[0]!.id).toBe(ea.id)
    expect((await cb.waitFor(1))[0]!.id).toBe(eb.id)
    await Promise.all([readA.close(), readB.close()])
  })

  it('verifies an existing consumer: another durable filter, or a consumer the bus cannot read, is INVALID_STATE with the fix', async () => {
    const name = stream()
    const prefix = `t${uniqueId()}`
    const bus = new JetStreamBus(nc, { codecs, prefix, stream: name })
    await (await bus.subscribe(['a.one'], { durable: 'd1' })).close()
    const other = await failure(bus.subscribe(['a.two'], { durable: 'd1' }))
    expect(other.code).toBe('INVALID_STATE')
    expect(other.message).toMatch(/consumer "d1".*a:two.*Fix: use another durable name, or delete the consumer/)
    await (await jetstreamManager(nc)).consumers.add(name, { durable_name: 'noack', ack_policy: 'none' })
    const noAck = await failure(bus.subscribe(['a.one'], { durable: 'noack' }))
    expect(noAck.message).toMatch(/ack policy "none"/)
    const bad = await failure(bus.subscribe(['a.one'], { durable: 'not a name' }))
    expect(bad.code).toBe('INVALID_OPTION')
    await bus.close()
  })

  it('a group on other names gets its own consumer: each set of names is served once per group', async () => {
    const name = stream()
    const bus = new JetStreamBus(nc, { codecs, prefix: `t${uniqueId()}`, stream: name })
    const one = collect(await bus.subscribe(['x.one'], { group: 'workers' }))
    const two = collect(await bus.subscribe(['x.two'], { group: 'workers' }))
    await bus.publish([newEvent('x.one', {}), newEvent('x.two', {})])
    expect((await one.waitFor(1)).map((e) => e.name)).toEqual(['x.one'])
    expect((await two.waitFor(1)).map((e) => e.name)).toEqual(['x.two'])
    await bus.close()
  })
})
