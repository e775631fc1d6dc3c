// The shared server is nats-server 2.9, whose consumers filter on one subject: subscriptions to
// several names read the whole prefix there and filter themselves. This runs the conformance
// suite on a newer server started by the test (natsServerBin, v2.15), where they filter with
// `filter_subjects` on the server instead — the other code path.
import { CodecRegistry, type EventBus } from '@goes/core'
import { runEventBusSuite } from '@goes/testing'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { supportsMultipleFilters } from '../src/connection/server.js'
import { JetStreamBus, type JetStreamSubscribeOptions } from '../src/index.js'
import { nats, uniqueId, VariantBus } from './fixtures-n1/setup.js'
import { NatsServer } from './support/index.js'

const codecs = new CodecRegistry({ unknownNames: 'json' })

nats.describe('JetStreamBus on nats-server ≥ 2.10 (consumers with several filter subjects)', () => {
  let server: NatsServer
  let nc: NatsConnection
  beforeAll(async () => {
    server = await NatsServer.start()
    nc = await connect({ servers: server.url })
  }, 30_000)
  afterAll(async () => {
    await nc?.close()
    await server?.dispose()
  })

  it('the server filters on several subjects', () => {
    expect(supportsMultipleFilters(nc)).toBe(true)
  })

  const unwrap = (bus: EventBus): JetStreamBus =>
    bus instanceof VariantBus ? (bus.bus as JetStreamBus) : (bus as JetStreamBus)
  for (const [variant, durable] of [
    ['plain', false],
    ['durable', true],
  ] as const) {
    runEventBusSuite(
      `JetStreamBus on a ≥ 2.10 server, ${variant}`,
      () => {
        const id = uniqueId()
        const bus = new JetStreamBus(nc, { codecs, prefix: `t${id}`, stream: `T_${id}` })
        return durable
          ? new VariantBus(bus, (o): JetStreamSubscribeOptions => (o?.group ? {} : { durable: `d-${uniqueId()}` }))
          : bus
      },
      {
        group: true,
        publishRaw: (bus, name, bytes) => unwrap(bus).publishRaw(name, bytes),
        cleanup: async (bus) => {
          const js = unwrap(bus)
          await js.close()
          const { jetstreamManager } = await import('@nats-io/jetstream')
          await (await jetstreamManager(nc)).streams.delete(js.stream)
        },
      },
    )
  }
})
