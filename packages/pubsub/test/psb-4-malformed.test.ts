import { CodecRegistry, newEvent } from '@goes/core'
import { encodeEnvelope } from '@goes/core/backend'
import { Collector } from './support/collect.js'
import { dropBus, newClient, pubsub, testBus } from './support/pubsub.js'

const text = (s: string) => Buffer.from(s)

pubsub.describe('PSB-4: malformed messages', () => {
  const client = newClient()
  afterAll(() => client.close())

  it('PSB-4: bytes that are no envelope, and an event on another name’s topic, land on errors as MALFORMED_MESSAGE; the subscriptions go on', async () => {
    const bus = testBus(client)
    try {
      const [name, other] = ['psb4.item_added', 'psb4.item_removed']
      const single = new Collector(await bus.subscribe([name])) // reads the name's topic
      const several = new Collector(await bus.subscribe([name, other])) // reads the all-events topic
      const wildcard = new Collector(await bus.subscribe('*'))

      // A foreign publisher writes straight to the topic with the driver: garbage, and a valid
      // envelope of another event name.
      const topic = client.topic(bus.topicOf(name))
      await topic.publishMessage({ data: text('{"hello":"world"}') })
      const misfiled = newEvent(other, { n: 1 })
      await topic.publishMessage({
        data: Buffer.from(encodeEnvelope(misfiled, new CodecRegistry({ unknownNames: 'json' }))),
      })
      // And through the bus: an empty message (to both the name's and the all-events topic).
      await bus.publishRaw(name, new Uint8Array(0))
      const good = newEvent(name, { after: 'the bad ones' })
      await bus.publish([good])

      const errors = await single.errors$(3, 'three errors on the one-name subscription')
      expect(errors.map((e) => e.code)).toEqual(['MALFORMED_MESSAGE', 'MALFORMED_MESSAGE', 'MALFORMED_MESSAGE'])
      // (Messages without an ordering key arrive in any order.)
      expect(errors.filter((e) => e.message.includes(`carries an event named "${other}"`))).toHaveLength(1)
      expect((await single.events$(1)).map((e) => e.id)).toEqual([good.id])

      // The all-events copies: only the empty message went there (the foreign ones did not).
      for (const sub of [several, wildcard]) {
        expect((await sub.errors$(1)).map((e) => e.code)).toEqual(['MALFORMED_MESSAGE'])
        expect((await sub.events$(1)).map((e) => e.id)).toEqual([good.id])
      }

      // Still open: a later event arrives everywhere.
      const later = newEvent(name, { n: 2 })
      await bus.publish([later])
      for (const sub of [single, several, wildcard]) {
        expect((await sub.events$(2)).map((e) => e.id)).toEqual([good.id, later.id])
      }
    } finally {
      await dropBus(client, bus)
    }
  }, 60_000)
})
