import { type ErrorCode, isGoesError, newEvent } from '@goes/core'
import { PubSubBus } from '../src/index.js'
import { Collector } from './support/collect.js'
import { dropBus, listPrefixed, newClient, pubsub, testBus } from './support/pubsub.js'

async function rejection(p: Promise<unknown> | (() => unknown)): Promise<unknown> {
  try {
    await (typeof p === 'function' ? p() : p)
  } catch (err) {
    return err
  }
  throw new Error('expected a rejection')
}

function expectCode(err: unknown, code: ErrorCode): void {
  expect(isGoesError(err, code) ? code : err).toBe(code)
}

pubsub.describe('PubSubBus', () => {
  const client = newClient()
  afterAll(() => client.close())

  it('close() deletes a broadcast subscriber’s subscription and keeps a group’s; bus.close() closes what is left', async () => {
    const bus = testBus(client)
    try {
      const broadcast = await bus.subscribe(['bus.x'])
      const several = await bus.subscribe(['bus.x', 'bus.y'])
      const member = await bus.subscribe(['bus.x'], { group: 'workers' })
      let subs = (await listPrefixed(client, bus.prefix)).subscriptions
      expect(subs.sort()).toEqual(
        [...broadcast.subscriptionIds, ...several.subscriptionIds, ...member.subscriptionIds].sort(),
      )

      await broadcast.close()
      subs = (await listPrefixed(client, bus.prefix)).subscriptions
      expect(subs).not.toContain(broadcast.subscriptionIds[0])
      expect(subs).toHaveLength(2)

      await bus.close()
      await Promise.all([several.closed, member.closed])
      // No stray subscription: only the group's, which outlives its members by design.
      expect((await listPrefixed(client, bus.prefix)).subscriptions).toEqual([...member.subscriptionIds])
      expectCode(await rejection(bus.publish([newEvent('bus.x', 1)])), 'CLOSED')
      expectCode(await rejection(bus.subscribe(['bus.x'])), 'CLOSED')
      await bus.close() // idempotent
    } finally {
      await dropBus(client, bus)
    }
  })

  it('a group subscription that exists with other settings is refused with INVALID_STATE naming it', async () => {
    const bus = testBus(client)
    try {
      const probe = await bus.subscribe(['bus.z'], { group: 'g' })
      const [id] = probe.subscriptionIds
      await probe.close()
      await client.subscription(id!).delete()
      await client.topic(bus.topicOf('bus.z')).createSubscription(id!) // no message ordering
      const err = await rejection(bus.subscribe(['bus.z'], { group: 'g' }))
      expectCode(err, 'INVALID_STATE')
      expect((err as Error).message).toContain(id!)
      expect((err as Error).message).toContain('message ordering is off')
    } finally {
      await dropBus(client, bus)
    }
  })

  it('allEventsTopic: false — one message per event, no all-events topic, subscribe("*") refused, several names read per topic', async () => {
    const bus = testBus(client, { allEventsTopic: false })
    try {
      expectCode(await rejection(bus.subscribe('*')), 'INVALID_STATE')
      const sub = await bus.subscribe(['bus.a', 'bus.b'])
      expect(sub.subscriptionIds).toHaveLength(2)
      const got = new Collector(sub)
      const events = [newEvent('bus.a', 1), newEvent('bus.b', 2), newEvent('bus.a', 3)]
      await bus.publish(events)
      const received = await got.events$(3)
      expect(received.map((e) => e.id).sort()).toEqual(events.map((e) => e.id).sort())
      expect(received.filter((e) => e.name === 'bus.a').map((e) => e.data)).toEqual([1, 3]) // in order per name
      expect((await listPrefixed(client, bus.prefix)).topics.sort()).toEqual([
        bus.topicOf('bus.a'),
        bus.topicOf('bus.b'),
      ])
    } finally {
      await dropBus(client, bus)
    }
  })

  it('a custom topic function and ordering key are used; a topic id Pub/Sub would refuse is INVALID_OPTION', async () => {
    const bus = testBus(client, {
      topic: (name) => (name === 'bus.bad' ? 'goog-reserved' : `custom-${bus.prefix}${name}`),
      orderingKey: (e) => `key-${String(e.data)}`,
    })
    const topic = `custom-${bus.prefix}bus.q`
    try {
      expect(bus.topicOf('bus.q')).toBe(topic)
      const got = new Collector(await bus.subscribe(['bus.q']))
      // A plain driver subscription on the same topic sees the ordering key.
      const [raw] = await client.topic(topic).createSubscription(`${bus.prefix}raw`)
      const keys = new Promise<string>((resolve) =>
        raw.on('message', (m) => {
          m.ack()
          resolve(m.orderingKey ?? '')
        }),
      )
      await bus.publish([newEvent('bus.q', 'x')])
      expect((await got.events$(1))[0]!.data).toBe('x')
      expect(await keys).toBe('key-x')
      await raw.close()
      expectCode(await rejection(bus.publish([newEvent('bus.bad', 1)])), 'INVALID_OPTION')
    } finally {
      await dropBus(client, bus)
      await client
        .topic(topic)
        .delete()
        .catch(() => {})
    }
  })

  it('a topic deleted behind the bus’s back: the publish fails with NOT_FOUND, the next one creates it again', async () => {
    const bus = testBus(client)
    try {
      await bus.publish([newEvent('bus.gone', 1)])
      await client.topic(bus.topicOf('bus.gone')).delete()
      expectCode(await rejection(bus.publish([newEvent('bus.gone', 2)])), 'NOT_FOUND')
      const got = new Collector(await bus.subscribe(['bus.gone']))
      await bus.publish([newEvent('bus.gone', 3)])
      expect((await got.events$(1))[0]!.data).toBe(3)
    } finally {
      await dropBus(client, bus)
    }
  })

  it('a subscription is read once: consume() after for await (or twice) is INVALID_STATE; a handler must be a function', async () => {
    const bus = testBus(client)
    try {
      const sub = await bus.subscribe(['bus.once'])
      expectCode(await rejection(sub.consume('nope' as never)), 'INVALID_OPTION')
      sub[Symbol.asyncIterator]()
      expectCode(await rejection(sub.consume(() => {})), 'INVALID_STATE')
      const other = await bus.subscribe(['bus.once'])
      void other.consume(() => {})
      expectCode(await rejection(() => other[Symbol.asyncIterator]()), 'INVALID_STATE')
    } finally {
      await dropBus(client, bus)
    }
  })

  it('signals: an aborted publish is ABORTED; aborting a subscribe signal closes the subscription', async () => {
    const bus = testBus(client)
    try {
      const aborted = AbortSignal.abort(new Error('stop'))
      expectCode(await rejection(bus.publish([newEvent('bus.s', 1)], { signal: aborted })), 'ABORTED')
      expectCode(await rejection(bus.subscribe(['bus.s'], { signal: aborted })), 'ABORTED')
      const c = new AbortController()
      const sub = await bus.subscribe(['bus.s'], { signal: c.signal })
      c.abort()
      await sub.closed
    } finally {
      await dropBus(client, bus)
    }
  })

  it('options are checked: bad prefix, ack deadline, codecs, functions, a client without a project id against the emulator', () => {
    const bad: [object, string][] = [
      [{ prefix: 'goog.' }, 'prefix'],
      [{ prefix: '9lives.' }, 'prefix'],
      [{ ackDeadlineSeconds: 5 }, 'ackDeadlineSeconds'],
      [{ maxBufferedErrors: 0 }, 'maxBufferedErrors'],
      [{ codecs: {} }, 'codecs'],
      [{ topic: 'goes.x' }, 'topic'],
      [{ orderingKey: 'k' }, 'orderingKey'],
      [{ clientConfig: {} }, 'project id'],
    ]
    const saved = [process.env.GOOGLE_CLOUD_PROJECT, process.env.GCLOUD_PROJECT]
    delete process.env.GOOGLE_CLOUD_PROJECT
    delete process.env.GCLOUD_PROJECT
    try {
      for (const [options, what] of bad) {
        let err: unknown
        try {
          new PubSubBus({ client, ...options, ...('clientConfig' in options ? { client: undefined } : {}) })
        } catch (e) {
          err = e
        }
        expectCode(err, 'INVALID_OPTION')
        expect((err as Error).message).toContain(what)
      }
    } finally {
      if (saved[0] !== undefined) process.env.GOOGLE_CLOUD_PROJECT = saved[0]
      if (saved[1] !== undefined) process.env.GCLOUD_PROJECT = saved[1]
    }
  })
})
