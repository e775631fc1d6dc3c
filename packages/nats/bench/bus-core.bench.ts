// nats-core-publish-receive: 100k small events published on a NatsBus by one connection and
// received by a subscription of their three names on another connection. One op = one event
// published and received. Publishes are batches of 100, each awaited (it resolves when the
// server has the batch: a flush round trip), as a store insert of a batch would publish.
// Baseline: raw nats.js on the same two connections, the same bytes (the events' envelopes) on
// the same subjects: publish a batch of 100 and await nc.flush() (the same guarantee), one
// subscription per subject counting messages with a callback.
// Baseline reads with for await over one wildcard subscription, as nats.js documents it (the
// same shape as a bus subscription). Extra fields, for context: raw_callback_ops — raw with a
// callback per subscription instead; raw_fire_and_forget_ops — raw without the per-batch flush;
// ours_no_confirm_ops — a NatsBus with confirm: false (no flush round trip per publish).
import { batches, expectCount, measure, publishAndReceive, scenario } from '@goes-internal/bench'
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node'
import { NatsBus, type NatsSubscription } from '../src/index.js'
import { codecs, connectBench, makeEvents, NAMES, roundId } from './bus-fixtures.js'

const COUNT = 100_000
const BATCH = 100
const { events, envelopes } = makeEvents(COUNT)
const eventBatches = batches(events, BATCH)

const pubConn = await connectBench()
const subConn = await connectBench()
let bus: NatsBus | undefined
let sub: NatsSubscription | undefined
let received = 0

let confirm = true

async function setupOurs(): Promise<void> {
  await bus?.close()
  bus = new NatsBus(pubConn, { codecs, prefix: `bench.${roundId()}`, confirm })
  const receiver = new NatsBus(subConn, { codecs, prefix: bus.prefix })
  sub = await receiver.subscribe([...NAMES])
}

async function ours(): Promise<void> {
  received = await publishAndReceive(bus!, eventBatches, sub!, COUNT)
}

let bytes = 0

/** Raw, with callbacks: a subscription per subject; resolves when `COUNT` arrived. */
async function rawCallbacks(
  nc: NatsConnection,
  subjects: readonly string[],
): Promise<{ done: Promise<number>; subs: Subscription[] }> {
  let n = 0
  let finish!: (n: number) => void
  const done = new Promise<number>((resolve) => (finish = resolve))
  const callback = (_: Error | null, m: Msg) => {
    bytes += m.data.length // the payload is received, as ours decodes it
    if (++n === COUNT) finish(n)
  }
  const subs = subjects.map((s) => nc.subscribe(s, { callback }))
  await nc.flush()
  return { done, subs }
}

/** Raw, as nats.js documents it: one subscription (the prefix wildcard), read with for await. */
async function rawIterator(
  nc: NatsConnection,
  prefix: string,
): Promise<{ done: Promise<number>; subs: Subscription[] }> {
  const sub = nc.subscribe(`${prefix}.>`)
  await nc.flush()
  const done = (async () => {
    let n = 0
    for await (const m of sub) {
      bytes += m.data.length
      if (++n === COUNT) break
    }
    return n
  })()
  return { done, subs: [sub] }
}

function rawSide(flushEachBatch: boolean, iterator: boolean) {
  return async (): Promise<void> => {
    const prefix = `bench.${roundId()}`
    const subjects = events.map((e) => `${prefix}.${e.name.replace('.', ':')}`)
    const r = iterator
      ? await rawIterator(subConn, prefix)
      : await rawCallbacks(
          subConn,
          NAMES.map((n) => `${prefix}.${n.replace('.', ':')}`),
        )
    for (let i = 0; i < COUNT; i += BATCH) {
      for (let k = i; k < i + BATCH; k++) pubConn.publish(subjects[k]!, envelopes[k]!)
      if (flushEachBatch) await pubConn.flush()
    }
    await pubConn.flush()
    received = await r.done
    for (const s of r.subs) if (!s.isClosed()) s.unsubscribe()
  }
}

const check = () => {
  expectCount('nats-core-publish-receive', received, COUNT)
  if (bytes === 0) throw new Error('the raw side read no payload')
}
const fireAndForget = await measure(rawSide(false, true), { ops: COUNT, rounds: 3, teardown: check })
const callbacks = await measure(rawSide(true, false), { ops: COUNT, rounds: 3, teardown: check })
confirm = false
const noConfirm = await measure(ours, {
  ops: COUNT,
  rounds: 3,
  setup: setupOurs,
  teardown: async () => {
    await sub?.close()
    expectCount('nats-core-publish-receive', received, COUNT)
  },
})
confirm = true

await scenario('nats-core-publish-receive', ours, rawSide(true, true), {
  ops: COUNT,
  rounds: 8, // best of 8: the machine is shared and noisy
  goal: 0.8,
  setup: async () => {
    received = 0
    await setupOurs()
  },
  teardown: async () => {
    await sub?.close()
    check()
  },
  extra: () => ({
    batch: BATCH,
    envelope_bytes: envelopes.reduce((n, e) => n + e.length, 0) / COUNT,
    raw_callback_ops: callbacks,
    ours_no_confirm_ops: noConfirm,
    raw_fire_and_forget_ops: fireAndForget,
  }),
})

await bus?.close()
await pubConn.close()
await subConn.close()
