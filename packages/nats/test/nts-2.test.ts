import { ALL_EVENTS, CodecRegistry, type EventBus, newEvent } from '@goes/core'
import type { NatsConnection } from '@nats-io/transport-node'
import { JetStreamBus, NatsBus } from '../src/index.js'
import { type Collector, collect, sleep } from './fixtures-n1/collect.js'
import { connectNats, deleteStream, nats, uniqueId } from './fixtures-n1/setup.js'

const codecs = new CodecRegistry({ unknownNames: 'json' })

// Names that would break or widen a subject used as is, and names they could be confused with.
const TRICKY = ['orders.>', 'a b', 'x.*.y']
const NEIGHBOURS = ['orders', 'orders.new', 'orders.>.x', 'a', 'b', 'a.b', 'x.a.y', 'x.*', 'x.y', 'x']
const ALL = [...TRICKY, ...NEIGHBOURS]

async function checkIsolation(bus: EventBus, extra: Record<string, unknown> = {}): Promise<void> {
  const subs = new Map<string, Collector>()
  for (const name of ALL) subs.set(name, collect(await bus.subscribe([name], { ...extra })))
  const everything = collect(await bus.subscribe(ALL_EVENTS))
  const events = ALL.map((name) => newEvent(name, { name }))
  await bus.publish(events) // must not reject
  await everything.waitFor(events.length)
  for (const [, c] of subs) await c.waitFor(1)
  await sleep(300) // let anything misrouted arrive
  expect(everything.events.map((e) => e.name)).toEqual(ALL)
  for (const [name, c] of subs) {
    expect({ name, got: c.events.map((e) => e.name), errors: c.errors }).toEqual({ name, got: [name], errors: [] })
  }
  expect(everything.errors).toEqual([])
}

nats.describe('NTS-2: names with subject-breaking characters', () => {
  let nc: NatsConnection
  beforeAll(async () => {
    nc = await connectNats()
  })
  afterAll(async () => {
    await nc?.close()
  })

  it('NTS-2: core — `orders.>`, `a b`, `x.*.y` neither error nor reach a subscriber of any other name', async () => {
    await using bus = new NatsBus(nc, { codecs, prefix: `t${uniqueId()}` })
    expect(bus.subjectOf('orders.>')).toBe(`${bus.prefix}.orders:%3E`)
    await checkIsolation(bus)
  })

  it('NTS-2: core queue groups — the same isolation for group subscriptions', async () => {
    await using bus = new NatsBus(nc, { codecs, prefix: `t${uniqueId()}` })
    await checkIsolation(bus, { group: 'workers' })
  })

  for (const [kind, extra] of [
    ['plain', {}],
    ['durable', { durable: 'n2' }],
    ['group', { group: 'x.*.y workers' }],
  ] as const) {
    it(`NTS-2: JetStream (${kind}) — \`orders.>\`, \`a b\`, \`x.*.y\` neither error nor reach a subscriber of any other name`, async () => {
      const id = uniqueId()
      const bus = new JetStreamBus(nc, { codecs, prefix: `t${id}`, stream: `T_${id}` })
      try {
        // A durable name can be used once per consumer: one per subscribed name here.
        let n = 0
        const perSub = kind === 'durable' ? () => ({ durable: `n2-${n++}` }) : () => extra
        const wrapped: EventBus = {
          publish: (events, o) => bus.publish(events, o),
          subscribe: (names, o) => bus.subscribe(names, names === ALL_EVENTS ? o : { ...o, ...perSub() }),
        }
        await checkIsolation(wrapped)
      } finally {
        await bus.close()
        await deleteStream(nc, bus.stream)
      }
    })
  }
})
