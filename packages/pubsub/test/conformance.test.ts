import { runEventBusSuite } from '@goes/testing'
import { PubSubBus } from '../src/index.js'

// The event bus conformance suite of @goes/testing: the contract every bus proves itself against.
// Against a real server, take its address from the service harness and wrap the suite:
//   const server = integration('<service>') // from '@goes-internal/services/integration'
//   server.describe('PubSubBus', () => runEventBusSuite(…))
// Give every bus its own names (topics, streams, …) with a random suffix, and drop them in cleanup.
runEventBusSuite('PubSubBus', () => new PubSubBus(), {
  // true once subscribe({ group }) load-balances; until then the suite checks that a group is rejected.
  group: false,
  // (bus, name, bytes) => puts raw bytes on the wire under an event name, so the malformed-message
  // case runs; left out, that case is listed as skipped.
  publishRaw: undefined,
  // Scale knobs for a slow server (document the values in the README): manyEvents, orderEvents,
  // subscribers, eventTimeout. And cleanup: (bus) => close it and drop what it created.
})
