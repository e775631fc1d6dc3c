import { CodecRegistry, type EventBus } from '@goes/core'
import { runEventBusSuite } from '@goes/testing'
import type { NatsConnection } from '@nats-io/transport-node'
import { NatsBus } from '../src/index.js'
import { connectNats, nats, uniqueId, VariantBus } from './fixtures-n1/setup.js'

const codecs = new CodecRegistry({ unknownNames: 'json' })

nats.describe('NTS-1: the event bus conformance suite on NATS core', () => {
  let nc: NatsConnection
  beforeAll(async () => {
    nc = await connectNats()
  })
  afterAll(async () => {
    await nc?.close()
  })

  const unwrap = (bus: EventBus): NatsBus => (bus instanceof VariantBus ? (bus.bus as NatsBus) : (bus as NatsBus))
  const common = {
    group: true,
    publishRaw: (bus: EventBus, name: string, bytes: Uint8Array) => unwrap(bus).publishRaw(name, bytes),
    cleanup: (bus: EventBus) => unwrap(bus).close(),
  }

  // Each case gets its own prefix, so a '*' subscription sees only its own case's events.
  runEventBusSuite(
    'NTS-1: NatsBus, plain subscriptions',
    () => new NatsBus(nc, { codecs, prefix: `t${uniqueId()}` }),
    common,
  )

  // Every subscription without a group gets a queue group of its own: the queue code path.
  runEventBusSuite(
    'NTS-1: NatsBus, every subscription in a queue group',
    () =>
      new VariantBus(new NatsBus(nc, { codecs, prefix: `t${uniqueId()}` }), (o) => ({
        group: o?.group ?? `solo-${uniqueId()}`,
      })),
    common,
  )
})
