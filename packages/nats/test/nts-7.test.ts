import { CodecRegistry, isGoesError, newEvent } from '@goes/core'
import { encodeEnvelope } from '@goes/core/backend'
import { jetstream } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/transport-node'
import { JetStreamBus, NatsBus } from '../src/index.js'
import { collect, sleep } from './fixtures-n1/collect.js'
import { connectNats, deleteStream, nats, uniqueId } from './fixtures-n1/setup.js'

const codecs = new CodecRegistry({ unknownNames: 'json' })
const garbage = Uint8Array.from([0xff, 0x00, 0x13, 0x37])

nats.describe('NTS-7: malformed messages on a goes subject', () => {
  let nc: NatsConnection
  beforeAll(async () => {
    nc = await connectNats()
  })
  afterAll(async () => {
    await nc?.close()
  })

  it('NTS-7: core — a malformed message published raw is reported as MALFORMED_MESSAGE and the subscription goes on', async () => {
    await using bus = new NatsBus(nc, { codecs, prefix: `t${uniqueId()}` })
    const name = 'todo.task_added'
    const c = collect(await bus.subscribe([name]))
    // A foreign publisher, straight on the subject: garbage, then a valid envelope of another name.
    nc.publish(bus.subjectOf(name), garbage)
    nc.publish(bus.subjectOf(name), encodeEnvelope(newEvent('todo.other', {}), codecs))
    const good = newEvent(name, { title: 'after' })
    await bus.publish([good])
    await c.waitFor(1)
    const errors = await c.waitForErrors(2)
    expect(errors.map((e) => e.code)).toEqual(['MALFORMED_MESSAGE', 'MALFORMED_MESSAGE'])
    expect(errors[1]!.message).toContain('todo.other')
    expect(c.events.map((e) => e.id)).toEqual([good.id])
  })

  for (const kind of ['plain', 'durable', 'group'] as const) {
    it(`NTS-7: JetStream (${kind}) — a malformed message is reported, the subscription goes on, and it is never redelivered`, async () => {
      const id = uniqueId()
      const bus = new JetStreamBus(nc, { codecs, prefix: `t${id}`, stream: `T_${id}`, ackWait: 1_000 })
      try {
        const name = 'todo.task_added'
        const options = kind === 'durable' ? { durable: 'nts7' } : kind === 'group' ? { group: 'nts7' } : {}
        const sub = await bus.subscribe([name], options)
        const c = collect(sub)
        await jetstream(nc).publish(bus.subjectOf(name), garbage)
        const good = newEvent(name, { title: 'after' })
        await bus.publish([good])
        await c.waitFor(1)
        const [err] = await c.waitForErrors(1)
        expect(isGoesError(err, 'MALFORMED_MESSAGE')).toBe(true)
        expect(c.events.map((e) => e.id)).toEqual([good.id])
        if (kind === 'plain') return
        // The bad message was terminated, the good one acknowledged once the reader moved on:
        // after ackWait, a new subscription on the same consumer gets neither again.
        const next = newEvent(name, { title: 'later' })
        await bus.publish([next])
        await c.waitFor(2)
        await sub.close()
        await sleep(1_500)
        const again = collect(await bus.subscribe([name], options))
        const last = newEvent(name, { title: 'last' })
        await bus.publish([last])
        await again.waitFor(1)
        await sleep(300)
        // `next` was in the reader's hand when it closed: given back, so it comes again first.
        expect(again.events.map((e) => e.id)).toEqual([next.id, last.id])
        expect(again.errors).toEqual([])
      } finally {
        await bus.close()
        await deleteStream(nc, bus.stream)
      }
    })
  }
})
