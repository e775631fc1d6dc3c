import { type Event, isGoesError, newEvent, uuid } from '@goes/core'
import { Collector, sleep, until } from './support/collect.js'
import { dropBus, newClient, pubsub, testBus } from './support/pubsub.js'

pubsub.describe('PSB-3: a failing subscriber gets the event again', () => {
  const client = newClient()
  afterAll(() => client.close())

  it('PSB-3: consume(): a handler that throws nacks the event, Pub/Sub redelivers it before the later events of its aggregate, the subscription goes on', async () => {
    const bus = testBus(client)
    try {
      const sub = await bus.subscribe(['psb3.step'])
      const errors = new Collector(sub, { events: false })
      const aggregate = { name: 'psb3.job', id: uuid() }
      const events = Array.from({ length: 10 }, (_, i) =>
        newEvent('psb3.step', { i }, { aggregate: { ...aggregate, version: i + 1 } }),
      )
      const seen: number[] = []
      let failures = 0
      const consuming = sub.consume(async (e: Event) => {
        const { i } = e.data as { i: number }
        seen.push(i)
        if (i === 3 && failures < 2) {
          failures++
          throw new Error(`refusing step 3 (attempt ${failures})`)
        }
      })
      await bus.publish(events)
      await until(() => seen.length >= 12, 'ten events and two redeliveries')
      // Steps 0–2 once, step 3 three times (two failures, then success), then 4–9 in order.
      expect(seen).toEqual([0, 1, 2, 3, 3, 3, 4, 5, 6, 7, 8, 9])
      const reported = await errors.errors$(2, 'a HANDLER_FAILED error per failure')
      expect(reported.map((err) => err.code)).toEqual(['HANDLER_FAILED', 'HANDLER_FAILED'])
      expect(isGoesError(reported[0]) && (reported[0].cause as Error).message).toBe('refusing step 3 (attempt 1)')

      // The subscription goes on; nothing is delivered twice after success.
      await bus.publish([newEvent('psb3.step', { i: 10 }, { aggregate: { ...aggregate, version: 11 } })])
      await until(() => seen.length >= 13, 'an event published after the failures')
      await sleep(300)
      expect(seen).toEqual([0, 1, 2, 3, 3, 3, 4, 5, 6, 7, 8, 9, 10])
      await sub.close()
      await consuming // resolves when the subscription closes
    } finally {
      await dropBus(client, bus)
    }
  }, 60_000)

  it('PSB-3: for await: the event in hand when a group member fails (its loop throws) goes to another member', async () => {
    const bus = testBus(client)
    try {
      const failing = await bus.subscribe(['psb3.task'], { group: 'workers' })
      const failed = (async () => {
        for await (const e of failing) throw new Error(`cannot do ${String((e.data as { n: number }).n)}`)
      })()
      const event = newEvent('psb3.task', { n: 1 })
      await bus.publish([event])
      await expect(failed).rejects.toThrow('cannot do 1') // the loop's throw closed the subscription
      await failing.closed

      const healthy = new Collector(await bus.subscribe(['psb3.task'], { group: 'workers' }))
      const [again] = await healthy.events$(1, 'the event the failing member did not finish')
      expect(again!.id).toBe(event.id)
    } finally {
      await dropBus(client, bus)
    }
  }, 60_000)
})
