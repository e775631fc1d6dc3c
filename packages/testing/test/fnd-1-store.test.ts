import { MemoryStore } from '@goes/core'
import { runEventStoreSuite } from '../src/index.js'

// FND-1: the event store conformance suite passes for the in-memory store, at full scale.
runEventStoreSuite('FND-1: MemoryStore passes the event store conformance suite', () => new MemoryStore())
