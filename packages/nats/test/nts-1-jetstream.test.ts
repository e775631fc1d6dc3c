import { CodecRegistry, type EventBus } from '@goes/core'
import { runEventBusSuite } from '@goes/testing'
import type { NatsConnection } from '@nats-io/transport-node'
import { JetStreamBus, type JetStreamSubscribeOptions } from '../src/index.js'
import { connectNats, deleteStream, nats, uniqueId, VariantBus } from './fixtures-n1/setup.js'

const codecs = new CodecRegistry({ unknownNames: 'json' })

type Extra = (o: JetStreamSubscribeOptions | undefined) => JetStreamSubscribeOptions

// The suite's variants: what each subscribe call gets on top of the case's own options.
const VARIANTS: readonly [string, Extra | undefined][] = [
  ['plain (ordered consumers; groups as shared consumers)', undefined],
  [
    'durable (every ungrouped subscription has its own durable consumer)',
    (o) => (o?.group ? {} : { durable: `d-${uniqueId()}` }),
  ],
  [
    'queue (every subscription in a group, ungrouped ones in one of their own)',
    (o) => ({ group: o?.group ?? `solo-${uniqueId()}` }),
  ],
  [
    'durable + queue (every subscription in a group, each group on a durable consumer)',
    (o) => (o?.group ? { durable: `dg-${o.group}` } : { group: `solo-${uniqueId()}`, durable: `d-${uniqueId()}` }),
  ],
]

nats.describe('NTS-1: the event bus conformance suite on JetStream', () => {
  let nc: NatsConnection
  beforeAll(async () => {
    nc = await connectNats()
  })
  afterAll(async () => {
    await nc?.close()
  })

  const unwrap = (bus: EventBus): JetStreamBus =>
    bus instanceof VariantBus ? (bus.bus as JetStreamBus) : (bus as JetStreamBus)

  for (const [variant, extra] of VARIANTS) {
    runEventBusSuite(
      `NTS-1: JetStreamBus, ${variant}`,
      () => {
        // A stream and a prefix per case: runs never share subjects, and cleanup drops everything.
        const id = uniqueId()
        const bus = new JetStreamBus(nc, { codecs, prefix: `t${id}`, stream: `T_${id}` })
        return extra === undefined ? bus : new VariantBus(bus, extra)
      },
      {
        group: true,
        publishRaw: (bus, name, bytes) => unwrap(bus).publishRaw(name, bytes),
        cleanup: async (bus) => {
          const js = unwrap(bus)
          await js.close()
          await deleteStream(nc, js.stream)
        },
      },
    )
  }
})
