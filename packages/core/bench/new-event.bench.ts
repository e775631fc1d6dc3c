// new-event: creating events with newEvent() (validated name and aggregate, UUID v7 id, Date
// and bigint time). One op = one event. Not a goal of the issue, but every insert and publish
// starts here, so a slow newEvent caps what an application can write.
// Baseline: the plain JavaScript equivalent — an object literal with crypto.randomUUID() (v4)
// and a Date.
import { scenario } from '@goes-internal/bench'
import { type Event, newEvent, uuid } from '../src/index.js'

const COUNT = 100_000
const aggregateId = uuid()
let last: Event | undefined
let sink: unknown

await scenario(
  'new-event',
  () => {
    for (let i = 0; i < COUNT; i++) {
      last = newEvent(
        'bench.item_added',
        { n: i },
        { aggregate: { name: 'bench.list', id: aggregateId, version: i + 1 } },
      )
    }
  },
  () => {
    for (let i = 0; i < COUNT; i++) {
      sink = {
        id: crypto.randomUUID(),
        name: 'bench.item_added',
        time: new Date(),
        data: { n: i },
        aggregate: { name: 'bench.list', id: aggregateId, version: i + 1 },
      }
    }
  },
  {
    ops: COUNT,
    rounds: 5,
    setup: () => {
      last = undefined
      sink = undefined
    },
    // Whichever side just ran must have made its last event.
    teardown: () => {
      if (last?.aggregate?.version !== COUNT && sink === undefined) throw new Error('new-event: the loop did not run.')
    },
  },
)
