// JetStream subscriptions of every kind across a restart of a server this test starts (never the
// shared one): the same bus and subscription objects deliver what is published after it, and
// how long each took to read again is printed (nats.js re-pulls after the reconnect).
import { CodecRegistry, type Event, newEvent } from '@goes/core'
import { connect } from '@nats-io/transport-node'
import { JetStreamBus } from '../src/index.js'
import { collect } from './fixtures-n1/collect.js'
import { nats } from './fixtures-n1/setup.js'
import { NatsServer } from './support/index.js'

nats.describe('JetStreamBus across a server restart', () => {
  it('plain, durable and group subscriptions deliver everything published before and after a restart', async () => {
    const server = await NatsServer.start()
    const nc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 200 })
    const bus = new JetStreamBus(nc, { codecs: new CodecRegistry({ unknownNames: 'json' }), stream: 'RESTART' })
    try {
      const name = 'restart.tick'
      const kinds = { plain: {}, durable: { durable: 'r' }, group: { group: 'g' } }
      const readers = Object.fromEntries(
        await Promise.all(
          Object.entries(kinds).map(async ([k, o]) => [k, collect(await bus.subscribe([name], o))] as const),
        ),
      )
      const before = Array.from({ length: 100 }, (_, i) => newEvent(name, { i }))
      await bus.publish(before)
      for (const r of Object.values(readers)) await r.waitFor(100)

      // A publisher runs through the restart, one event at a time; the longest wait is printed.
      const during: Event[] = []
      let publishing = true
      let longest = 0
      const publisher = (async () => {
        for (let i = 0; publishing; i++) {
          const e = newEvent(name, { during: i })
          const t = Date.now()
          await bus.publish([e]) // retried by the bus until the server is back
          longest = Math.max(longest, Date.now() - t)
          during.push(e)
        }
      })()
      await new Promise((r) => setTimeout(r, 100))
      await server.restart({ signal: 'SIGKILL', downMs: 300 })
      const restarted = Date.now()
      const after = Array.from({ length: 100 }, (_, i) => newEvent(name, { i: 100 + i }))
      await bus.publish(after)
      publishing = false
      await publisher
      const resumed: Record<string, number> = {}
      await Promise.all(
        Object.entries(readers).map(async ([k, r]) => {
          await r.waitFor(200 + during.length, 60_000)
          resumed[k] = Date.now() - restarted
        }),
      )
      console.log(
        `JetStream subscriptions read everything again after the restart within (ms): ${JSON.stringify(resumed)}; ` +
          `the longest publish through the restart took ${longest} ms (${during.length} published one by one meanwhile)`,
      )
      for (const [k, r] of Object.entries(readers)) {
        const ids = new Set(r.events.map((e) => e.id))
        expect({ k, missing: [...before, ...during, ...after].filter((e) => !ids.has(e.id)).length }).toEqual({
          k,
          missing: 0,
        })
        expect({ k, errors: r.errors.map((e) => e.message) }).toEqual({ k, errors: [] }) // nothing was lost
      }
    } finally {
      await bus.close()
      await nc.close()
      await server.dispose()
    }
  }, 120_000)
})
