import { MemoryStore } from '@goes/core'
import { eventStoreCases, registerCases } from '../src/index.js'

// FND-1: the event store conformance suite passes for the in-memory store, at full scale
// (the streaming case included: 200 000 events of 1 KiB). Each title carries the id.
registerCases(
  'FND-1: MemoryStore passes the event store conformance suite',
  eventStoreCases(() => new MemoryStore()).map((c) => ({ ...c, title: `FND-1: MemoryStore ${c.title}` })),
)
