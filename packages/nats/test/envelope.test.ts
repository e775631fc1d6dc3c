import { CodecRegistry, newEvent, uuid } from '@goes/core'
import { decodeEnvelope, ENVELOPE_VERSION, encodeEnvelope } from '@goes/core/backend'
import { jetstream } from '@nats-io/jetstream'
import type { Msg, NatsConnection } from '@nats-io/transport-node'
import { JetStreamBus, NatsBus } from '../src/index.js'
import { connectNats, deleteStream, nats, uniqueId } from './fixtures-n1/setup.js'

const codecs = new CodecRegistry({ unknownNames: 'json' })

nats.describe('the wire format', () => {
  let nc: NatsConnection
  beforeAll(async () => {
    nc = await connectNats()
  })
  afterAll(async () => {
    await nc?.close()
  })

  const event = newEvent(
    'todo.task_added',
    { title: 'milk' },
    { aggregate: { name: 'todo.list', id: uuid(), version: 7 } },
  )

  it('NatsBus sends the goes envelope, versioned, and nothing else (no headers)', async () => {
    await using bus = new NatsBus(nc, { codecs, prefix: `t${uniqueId()}` })
    const got = new Promise<Msg>((resolve) => {
      const sub = nc.subscribe(bus.subjectOf(event.name), { callback: (_, m) => resolve(m), max: 1 })
      void sub
    })
    await nc.flush()
    await bus.publish([event])
    const m = await got
    expect(m.subject).toBe(`${bus.prefix}.todo:task_added`)
    expect(m.data[0]).toBe(ENVELOPE_VERSION)
    expect(Buffer.from(m.data).equals(Buffer.from(encodeEnvelope(event, codecs)))).toBe(true)
    expect(m.headers).toBeUndefined()
    expect(decodeEnvelope(m.data, codecs).data).toEqual({ title: 'milk' })
  })

  it('JetStreamBus stores the same envelope, with the event id as message id', async () => {
    const id = uniqueId()
    const bus = new JetStreamBus(nc, { codecs, prefix: `t${id}`, stream: `T_${id}` })
    try {
      await bus.publish([event])
      const stored = await (await jetstream(nc).streams.get(bus.stream)).getMessage({ seq: 1 })
      expect(stored!.subject).toBe(bus.subjectOf(event.name))
      expect(Buffer.from(stored!.data).equals(Buffer.from(encodeEnvelope(event, codecs)))).toBe(true)
      expect(stored!.header.get('Nats-Msg-Id')).toBe(event.id)
    } finally {
      await bus.close()
      await deleteStream(nc, bus.stream)
    }
  })
})
