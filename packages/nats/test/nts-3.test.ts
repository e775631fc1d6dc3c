import { join } from 'node:path'
import { CodecRegistry, newEvent } from '@goes/core'
import type { NatsConnection } from '@nats-io/transport-node'
import { JetStreamBus } from '../src/index.js'
import { collect } from './fixtures-n1/collect.js'
import { connectNats, deleteStream, nats, uniqueId } from './fixtures-n1/setup.js'
import { spawnScript } from './support/index.js'

const TOTAL = 10_000
const HALF = TOTAL / 2

nats.describe('NTS-3: a durable consumer killed mid-way', () => {
  let nc: NatsConnection
  beforeAll(async () => {
    nc = await connectNats()
  })
  afterAll(async () => {
    await nc?.close()
  })

  it('NTS-3: a durable consumer in a child process is SIGKILLed after acking half of 10,000 events; a new consumer with the same durable name receives every remaining event', async () => {
    const id = uniqueId()
    const name = 'nts3.item'
    const durable = `nts3-${id}`
    const options = {
      codecs: new CodecRegistry({ unknownNames: 'json' }),
      prefix: `t${id}`,
      stream: `T_${id}`,
      ackWait: 2_000,
    }
    const bus = new JetStreamBus(nc, options)
    try {
      // Create the durable consumer, then publish everything it is to deliver.
      await (await bus.subscribe([name], { durable })).close()
      const events = Array.from({ length: TOTAL }, (_, i) => newEvent(name, { i }))
      for (let i = 0; i < TOTAL; i += 500) await bus.publish(events.slice(i, i + 500))

      const child = spawnScript(join(__dirname, 'fixtures-n1/nts3-consumer.ts'), {
        env: {
          NATS_URL: nats.url,
          NTS3_PREFIX: options.prefix,
          NTS3_STREAM: options.stream,
          NTS3_NAME: name,
          NTS3_DURABLE: durable,
          NTS3_HALF: String(HALF),
        },
      })
      const acked = await child.waitFor('acked', 60_000)
      child.kill('SIGKILL')
      const exit = await child.exited
      expect(exit.signal).toBe('SIGKILL')
      const held = acked.ackPending as number // delivered to the child, not acknowledged

      // The same durable name, a new consumer process (here: this one).
      const c = collect(await bus.subscribe([name], { durable }))
      await c.waitFor(TOTAL - HALF, 30_000)
      await new Promise((r) => setTimeout(r, 2_500)) // anything extra would come after one more ackWait
      const got = c.events.map((e) => (e.data as { i: number }).i)
      const distinct = new Set(got)
      const missing = events.map((_, i) => i).filter((i) => i >= HALF && !distinct.has(i))
      const ackedAgain = got.filter((i) => i < HALF).length
      // The first `held` events after the acknowledged half had been delivered to the child.
      const redelivered = got.filter((i) => i >= HALF && i < HALF + held).length
      console.log(
        `NTS-3: the child acknowledged ${HALF} events and held ${held} unacknowledged (the one in hand + those pulled ahead) when SIGKILLed; ` +
          `the new consumer received ${got.length} events: ${redelivered} redelivered, ` +
          `${got.length - redelivered - ackedAgain} delivered for the first time, ${ackedAgain} acknowledged ones again, ${missing.length} missing`,
      )
      expect(missing).toEqual([])
      expect(ackedAgain).toBe(0)
      expect(got.length).toBe(distinct.size) // no event twice
      expect(redelivered).toBe(held)
      expect(held).toBeGreaterThan(0) // the one in the child's hand at least
      expect(c.errors).toEqual([])
    } finally {
      await bus.close()
      await deleteStream(nc, options.stream)
    }
  }, 120_000)
})
