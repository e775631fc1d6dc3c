// CRS-3: NatsBus, JetStreamBus and NatsCommandBus report malformed messages, misaddressed
// messages and an error buffer nobody reads the same way as every other bus: the shared
// wire-error cases of @goes/testing, on the real server.
import { CodecRegistry } from '@goes/core'
import { busWireTarget, commandWireTarget, runWireErrorSuite, type WireErrorTarget } from '@goes/testing'
import type { NatsConnection } from '@nats-io/transport-node'
import { JetStreamBus, NatsBus, NatsCommandBus } from '../src/index.js'
import { connectNats, deleteStream, nats, uniqueId } from './fixtures-n1/setup.js'

const MAX = 5
const codecs = new CodecRegistry({ unknownNames: 'json' })

nats.describe('CRS-3: the wire-error cases on NATS', () => {
  let nc: NatsConnection
  beforeAll(async () => {
    nc = await connectNats()
  })
  afterAll(async () => {
    await nc?.close()
  })

  const closers = new WeakMap<WireErrorTarget, () => Promise<void>>()
  const cleanup = (target: WireErrorTarget) => closers.get(target)?.()
  const options = { titlePrefix: 'CRS-3: ', cleanup }

  runWireErrorSuite(
    'CRS-3: NatsBus',
    () => {
      const bus = new NatsBus(nc, { codecs, prefix: `w${uniqueId()}`, maxBufferedErrors: MAX })
      const target = busWireTarget(bus, {
        publishRaw: (_, name, bytes) => bus.publishRaw(name, bytes),
        maxBufferedErrors: MAX,
      })
      closers.set(target, () => bus.close())
      return target
    },
    options,
  )

  runWireErrorSuite(
    'CRS-3: JetStreamBus',
    () => {
      const id = uniqueId()
      const bus = new JetStreamBus(nc, { codecs, prefix: `w${id}`, stream: `W_${id}`, maxBufferedErrors: MAX })
      const target = busWireTarget(bus, {
        publishRaw: (_, name, bytes) => bus.publishRaw(name, bytes),
        maxBufferedErrors: MAX,
      })
      closers.set(target, async () => {
        await bus.close()
        await deleteStream(nc, bus.stream)
      })
      return target
    },
    options,
  )

  runWireErrorSuite(
    'CRS-3: NatsCommandBus',
    () => {
      const commands = new NatsCommandBus(nc, { prefix: `wc${uniqueId()}`, maxBufferedErrors: MAX })
      const target = commandWireTarget(commands, {
        publishRaw: (name, bytes) => commands.events.publishRaw(name, bytes),
        maxBufferedErrors: MAX,
      })
      closers.set(target, () => commands.close())
      return target
    },
    options,
  )
})
