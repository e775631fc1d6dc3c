import { CodecRegistry, type EventBus, MemoryBus } from '@goes/core'
import { eventBusCases, registerCases, type TestCase } from '../src/index.js'

// FND-1: the event bus conformance suite passes for the in-memory bus, plain and in codec mode
// (events travel as encoded envelopes; raw bytes go on its "wire" through publishRaw, so the
// malformed-message case runs). Each title carries the id.
const publishRaw = (bus: EventBus, name: string, bytes: Uint8Array) => (bus as MemoryBus).publishRaw(name, bytes)
const withId = (cases: TestCase[], label: string) => cases.map((c) => ({ ...c, title: `FND-1: ${label} ${c.title}` }))

registerCases(
  'FND-1: MemoryBus passes the event bus conformance suite',
  withId(
    // The plain bus hands over objects: it has no wire, so no message can be malformed.
    eventBusCases(() => new MemoryBus(), { group: true, publishRaw: false }),
    'MemoryBus',
  ),
)

registerCases(
  'FND-1: MemoryBus in codec mode passes the event bus conformance suite, malformed messages included',
  withId(
    eventBusCases(() => new MemoryBus({ codecs: new CodecRegistry({ unknownNames: 'json' }) }), {
      group: true,
      publishRaw,
    }),
    'MemoryBus (codecs)',
  ),
)
