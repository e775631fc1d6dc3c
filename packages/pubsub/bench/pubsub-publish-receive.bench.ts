// pubsub-publish-receive-1k: 1,000 events (one name, 100 aggregates × 10 versions) published on a
// PubSubBus in batches of 100 and received by one subscriber of their name, on Google's pstest
// fake. One op = one event published and received. Each round subscribes afresh (untimed).
// Baseline: raw @google-cloud/pubsub on the same fake, the same bytes (the events' envelopes)
// with the same ordering keys (the aggregate ids) to a topic of its own, read by a subscription
// with message ordering on and the same subscriber settings, acking in the message callback.
// The fake delivers on a 10 ms tick, so only the ratio means anything.
// Extra field: single_topic_ops — ours with allEventsTopic: false (one message per event
// instead of two: the event's topic and the all-events topic).
import { randomBytes } from 'node:crypto'
import { CodecRegistry, type Event, newEvent, uuid } from '@goes/core'
import { encodeEnvelope } from '@goes/core/backend'
import { batches, expectCount, measure, publishAndReceive, scenario } from '@goes-internal/bench'
import { type Message, PubSub, type Subscription, type Topic } from '@google-cloud/pubsub'
import { PubSubBus, type PubSubSubscription } from '../src/index.js'

process.env.PUBSUB_EMULATOR_HOST ??= '127.0.0.1:8085'
const COUNT = 1000
const NAME = 'bench.item_added'
const subscriber = { batching: { maxMessages: 1, maxMilliseconds: 1 } }
const codecs = new CodecRegistry({ unknownNames: 'json' })

const events: Event[] = []
for (let a = 0; a < 100; a++) {
  const id = uuid()
  for (let v = 1; v <= 10; v++) {
    events.push(
      newEvent(
        NAME,
        { n: events.length, title: `item ${a}.${v}` },
        { aggregate: { name: 'bench.list', id, version: v } },
      ),
    )
  }
}
// Interleave the aggregates as a busy system would: version 1 of every aggregate, then version 2, …
events.sort((x, y) => x.aggregate!.version - y.aggregate!.version)
const eventBatches = batches(events, 100)
const raw = events.map((e) => ({ data: Buffer.from(encodeEnvelope(e, codecs)), orderingKey: e.aggregate!.id }))

const client = new PubSub({ projectId: 'goes-bench' })
const prefix = `bench${randomBytes(3).toString('hex')}.`
let bus: PubSubBus | undefined
let sub: PubSubSubscription | undefined
let rawTopic: Topic | undefined
let rawSub: Subscription | undefined
let received = 0

async function setup(allEventsTopic = true): Promise<void> {
  bus = new PubSubBus({ client, prefix, codecs, subscriber, allEventsTopic })
  sub = await bus.subscribe([NAME])
  rawTopic ??= (await client.createTopic(`${prefix}raw`))[0]
  rawTopic.setPublishOptions({ messageOrdering: true })
  const id = `${prefix}raw-${randomBytes(4).toString('hex')}`
  ;[rawSub] = await rawTopic.createSubscription(id, { enableMessageOrdering: true, ackDeadlineSeconds: 60 })
}

async function teardown(): Promise<void> {
  await bus?.close()
  await rawSub?.close()
  await rawSub?.delete()
  expectCount('pubsub-publish-receive-1k', received, COUNT)
  received = 0
}

async function ours(): Promise<void> {
  received = await publishAndReceive(bus!, eventBatches, sub!, COUNT)
}

async function baseline(): Promise<void> {
  const s = rawTopic!.pubsub.subscription(rawSub!.name, subscriber)
  const receiving = new Promise<number>((resolve) => {
    let n = 0
    s.on('message', (m: Message) => {
      m.ack()
      if (++n === COUNT) resolve(n)
    })
  })
  for (let i = 0; i < COUNT; i += 100) {
    await Promise.all(raw.slice(i, i + 100).map((m) => rawTopic!.publishMessage(m)))
  }
  received = await receiving
  await s.close()
}

const singleTopicOps = await measure(ours, { ops: COUNT, rounds: 2, setup: () => setup(false), teardown })
await scenario('pubsub-publish-receive-1k', ours, baseline, {
  ops: COUNT,
  rounds: 3,
  setup: () => setup(true),
  teardown,
  extra: () => ({ single_topic_ops: singleTopicOps }),
})

const [topics] = await client.getTopics()
const [subs] = await client.getSubscriptions()
await Promise.all(subs.filter((s) => s.name.includes(`/${prefix}`)).map((s) => s.delete().catch(() => {})))
await Promise.all(topics.filter((t) => t.name.includes(`/${prefix}`)).map((t) => t.delete().catch(() => {})))
await client.close()
