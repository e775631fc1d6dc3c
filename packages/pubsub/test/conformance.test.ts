import { runEventBusSuite } from '@goes/testing'
import type { PubSubBus } from '../src/index.js'
import { dropBus, newClient, pubsub, testBus } from './support/pubsub.js'

// The event bus conformance suite on Google's pstest fake. Every case gets a bus with its own
// prefix (its own topics, so a '*' subscription sees only its case's events), dropped after it.
// Scale knobs: the fake delivers an ordering key's messages one per 10 ms tick at best, so the
// many-events case publishes 300 events (default 10 000) and the ordering case 2 × 100 (default
// 2 × 500); a subscriber may wait up to 10 s for its next event (default 5 s). The fan-out case
// keeps its 5 subscribers.
pubsub.describe('PSB-1: the event bus conformance suite on Pub/Sub (pstest)', () => {
  const client = newClient()
  afterAll(() => client.close())

  runEventBusSuite('PSB-1: PubSubBus', () => testBus(client), {
    group: true,
    publishRaw: (bus, name, bytes) => (bus as PubSubBus).publishRaw(name, bytes),
    cleanup: (bus) => dropBus(client, bus as PubSubBus),
    manyEvents: 300,
    orderEvents: 100,
    eventTimeout: 10_000,
  })
})
