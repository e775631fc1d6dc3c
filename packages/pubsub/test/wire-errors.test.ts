// CRS-3: PubSubBus reports malformed messages, misaddressed messages and an error buffer nobody
// reads the same way as every other bus: the shared wire-error cases of @goes/testing, on
// Google's pstest fake. Raw messages carry no ordering key, so Pub/Sub may deliver them in any
// order (`ordered: false`: the case checks that the newest errors are kept by count, not by name).
import { busWireTarget, runWireErrorSuite, type WireErrorTarget } from '@goes/testing'
import type { PubSubBus } from '../src/index.js'
import { dropBus, newClient, pubsub, testBus } from './support/pubsub.js'

const MAX = 5

pubsub.describe('CRS-3: the wire-error cases on Pub/Sub (pstest)', () => {
  const client = newClient()
  afterAll(() => client.close())
  const buses = new WeakMap<WireErrorTarget, PubSubBus>()

  runWireErrorSuite(
    'CRS-3: PubSubBus',
    () => {
      const bus = testBus(client, { maxBufferedErrors: MAX })
      const target = busWireTarget(bus, {
        publishRaw: (_, name, bytes) => bus.publishRaw(name, bytes),
        maxBufferedErrors: MAX,
        ordered: false,
      })
      buses.set(target, bus)
      return target
    },
    {
      titlePrefix: 'CRS-3: ',
      eventTimeout: 10_000,
      cleanup: async (target) => {
        const bus = buses.get(target)
        if (bus !== undefined) await dropBus(client, bus)
      },
    },
  )
})
