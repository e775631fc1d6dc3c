// nats-jetstream-publish-ack-receive: 20k small events published on a JetStreamBus (batches of
// 100 in flight, each batch awaited until the stream acknowledged every event) and received by
// a durable subscription (pull consumer, explicit ack of each event) on another connection.
// One op = one event stored, acknowledged to the publisher, delivered and acked by the reader.
// Baseline: raw nats.js JetStream on the same two connections and server: js.publish of the
// same bytes (the events' envelopes) with msgID = event id, 100 in flight per awaited batch; a
// durable pull consumer with explicit ack, read with consume() and for await, m.ack() each.
// A fresh stream (and consumer) per round on each side. Extra field raw_callback_ops: the raw
// side reading with consume({ callback }) instead of for await (acks in the callback), for context.
import { batches, expectCount, measure, publishAndReceive, scenario } from '@goes-internal/bench'
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream'
import { JetStreamBus, type NatsSubscription } from '../src/index.js'
import { codecs, connectBench, makeEvents, NAMES, roundId } from './bus-fixtures.js'

const COUNT = 20_000
const BATCH = 100
const { events, envelopes } = makeEvents(COUNT)
const eventBatches = batches(events, BATCH)

const pubConn = await connectBench()
const subConn = await connectBench()
const jsm = await jetstreamManager(pubConn)
let bus: JetStreamBus | undefined
let sub: NatsSubscription | undefined
let stream = ''
let received = 0

async function ours(): Promise<void> {
  const id = roundId()
  stream = `BENCH_${id}`
  bus = new JetStreamBus(pubConn, { codecs, prefix: `bench.${id}`, stream })
  const receiver = new JetStreamBus(subConn, { codecs, prefix: bus.prefix, stream })
  await bus.ready()
  sub = await receiver.subscribe([...NAMES], { durable: 'bench' })
  received = await publishAndReceive(bus, eventBatches, sub, COUNT)
  await receiver.close()
}

async function raw(callback = false): Promise<void> {
  const id = roundId()
  stream = `BENCH_${id}`
  const prefix = `bench.${id}`
  await jsm.streams.add({ name: stream, subjects: [`${prefix}.>`] })
  await jsm.consumers.add(stream, {
    durable_name: 'bench',
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: `${prefix}.>`,
  })
  const js = jetstream(pubConn)
  const consumer = await jetstream(subConn).consumers.get(stream, 'bench')
  let finish!: (n: number) => void
  let n = 0
  const messages = await consumer.consume(
    callback
      ? {
          callback: (m) => {
            m.ack()
            if (++n === COUNT) finish(n)
          },
        }
      : {},
  )
  const receiving = callback
    ? new Promise<number>((resolve) => (finish = resolve))
    : (async () => {
        for await (const m of messages) {
          m.ack()
          if (++n === COUNT) break
        }
        return n
      })()
  const subjects = events.map((e) => `${prefix}.${e.name.replace('.', ':')}`)
  for (let i = 0; i < COUNT; i += BATCH) {
    const acks = []
    for (let k = i; k < i + BATCH; k++) acks.push(js.publish(subjects[k]!, envelopes[k], { msgID: events[k]!.id }))
    await Promise.all(acks)
  }
  received = await receiving
  await messages.close()
}

const teardown = async () => {
  await bus?.close()
  bus = undefined
  await jsm.streams.delete(stream).catch(() => false)
  expectCount('nats-jetstream-publish-ack-receive', received, COUNT)
}
const rawCallback = await measure(() => raw(true), { ops: COUNT, rounds: 3, teardown })

await scenario('nats-jetstream-publish-ack-receive', ours, () => raw(), {
  ops: COUNT,
  rounds: 3,
  goal: 0.8,
  setup: () => {
    received = 0
  },
  teardown,
  extra: () => ({ batch: BATCH, raw_callback_ops: rawCallback }),
})

await pubConn.close()
await subConn.close()
