import { type Event, newEvent, uuid } from '@goes/core'
import { Collector } from './support/collect.js'
import { dropBus, newClient, pubsub, testBus } from './support/pubsub.js'

const AGGREGATES = 10
const VERSIONS = 30 // 300 events

/** Each aggregate's versions, in the order `events` lists them. */
function versionsByAggregate(events: readonly Event[]): Map<string, number[]> {
  const out = new Map<string, number[]>()
  for (const e of events) {
    const a = e.aggregate!
    out.set(a.id, [...(out.get(a.id) ?? []), a.version])
  }
  return out
}

pubsub.describe('PSB-2: per-aggregate order', () => {
  const client = newClient()
  afterAll(() => client.close())

  it('PSB-2: 300 events over 10 aggregates, interleaved, arrive in version order per aggregate (one-name and two-name subscribers)', async () => {
    const bus = testBus(client)
    try {
      const [opened, updated] = ['psb2.opened', 'psb2.updated']
      const one = new Collector(await bus.subscribe([opened])) // the name's own topic
      const both = new Collector(await bus.subscribe([opened, updated])) // the all-events topic
      const ids = Array.from({ length: AGGREGATES }, () => uuid())
      const events: Event[] = []
      for (let v = 1; v <= VERSIONS; v++) {
        for (const id of ids) {
          const name = v % 2 === 1 ? opened : updated
          events.push(newEvent(name, { v }, { aggregate: { name: 'psb2.account', id, version: v } }))
        }
      }
      // Interleaved, in uneven batches: 1, 2, 3, … events per publish.
      for (let i = 0, n = 1; i < events.length; i += n, n = (n % 7) + 1) await bus.publish(events.slice(i, i + n))

      const all = versionsByAggregate(await both.events$(events.length, 'all 300 events at the two-name subscriber'))
      const odd = versionsByAggregate(await one.events$(events.length / 2, 'the 150 "opened" events'))
      for (const id of ids) {
        expect(all.get(id)).toEqual(Array.from({ length: VERSIONS }, (_, i) => i + 1))
        expect(odd.get(id)).toEqual(Array.from({ length: VERSIONS / 2 }, (_, i) => 2 * i + 1))
      }
      expect(both.errors).toEqual([])
      expect(one.errors).toEqual([])
    } finally {
      await dropBus(client, bus)
    }
  }, 90_000)
})
