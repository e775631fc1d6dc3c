import { runEventBusSuite } from '@goes/testing'
import type { PubSubBus } from '../src/index.js'
import { dropBus, newClient, pubsub, testBus } from './support/pubsub.js'

// The event bus conformance suite on Google's pstest fake. Every case gets a bus with its own
// prefix (its own topics, so a '*' subscription sees only its case's events), dropped after it.
// Scale knobs: the fake delivers an ordering key's messages one per 10 ms tick at best, so the
// many-events case publishes 200 events (default 10 000), the ordering case 2 × 50 (default
// 2 × 500), the fan-out case has 3 subscribers (default 5); a subscriber may wait up to 10 s for
// its next event (default 5 s).
pubsub.describe('PSB-1: the event bus conformance suite on Pub/Sub (pstest)', () => {
  const client = newClient()
  afterAll(() => client.close())

  runEventBusSuite('PSB-1: PubSubBus', () => testBus(client), {
    group: true,
    publishRaw: (bus, name, bytes) => (bus as PubSubBus).publishRaw(name, bytes),
    cleanup: (bus) => dropBus(client, bus as PubSubBus),
    manyEvents: 200,
    orderEvents: 50,
    subscribers: 3,
    eventTimeout: 10_000,
  })
})
