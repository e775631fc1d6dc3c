// command-sync-roundtrip: synchronous command dispatches over NATS, one after another — a
// NatsCommandBus dispatcher and a handler instance (group mode: one "dispatched" to the handler's
// queue group, "accepted" and "executed" back), each on its own connection to the same server,
// payloads JSON-encoded and decoded. One op = one dispatch that resolved with its report.
// Baseline: raw nats.js request/reply of the same JSON payload between two connections (a
// queue-group responder that decodes the request and answers), one request after another.
// Extra fields: p50= / p99= latency of one sync dispatch, raw_p50= / raw_p99= of one raw
// request (ms, from separate sequential runs of every command), p50_ratio= ours / raw (goal ≤ 2).

import { type Command, newCommand } from '@goes/core'
import { measure, printBench } from '@goes-internal/bench'
import { connect } from '@nats-io/transport-node'
import { NatsCommandBus } from '../src/index.js'

const URL = process.env.GOES_NATS_URL ?? 'nats://127.0.0.1:4222'
const COUNT = 3_000
const NAME = 'bench.place_order'
const commands: Command[] = Array.from({ length: COUNT }, (_, n) => newCommand(NAME, { n, item: 'milk', quantity: 2 }))
const prefix = `goes.bench.cmd${process.pid}`

const [handlerNc, dispatcherNc, responderNc, requesterNc] = await Promise.all(
  [0, 1, 2, 3].map(() => connect({ servers: URL })),
)
let handled = 0

const handler = new NatsCommandBus(handlerNc!, { prefix })
const dispatcher = new NatsCommandBus(dispatcherNc!, { prefix, sync: true })
const sub = await handler.subscribe([NAME])
const served = (async () => {
  for await (const ctx of sub) {
    handled++
    await ctx.finish()
  }
})()

const rawSubject = `${prefix}.raw`
const utf8 = new TextEncoder()
const payloads = commands.map((c) => utf8.encode(JSON.stringify(c.payload)))
responderNc!.subscribe(rawSubject, {
  queue: 'raw',
  callback: (_err, msg) => {
    JSON.parse(msg.string())
    handled++
    msg.respond(msg.data)
  },
})
await responderNc!.flush()

async function ours(): Promise<number[]> {
  const ms = new Array<number>(COUNT)
  for (let i = 0; i < COUNT; i++) {
    const start = performance.now()
    await dispatcher.dispatch(commands[i]!)
    ms[i] = performance.now() - start
  }
  return ms
}

async function raw(): Promise<number[]> {
  const ms = new Array<number>(COUNT)
  for (let i = 0; i < COUNT; i++) {
    const start = performance.now()
    await requesterNc!.request(rawSubject, payloads[i]!, { timeout: 5000 })
    ms[i] = performance.now() - start
  }
  return ms
}

function expectHandled(): void {
  if (handled !== COUNT) throw new Error(`command-sync-roundtrip: ${handled} of ${COUNT} handled`)
  handled = 0
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!
}

// Alternating rounds (raw, ours) so load on this machine hits both alike; the best round counts
// for ops/s, and the latencies of every round of each side are pooled for the percentiles.
const oursMs: number[] = []
const rawMs: number[] = []
let bestOurs = 0
let bestRaw = 0
for (let round = 0; round < 4; round++) {
  const r = await measureRound(raw)
  const o = await measureRound(ours)
  if (round === 0) continue // warm-up
  rawMs.push(...r.ms)
  oursMs.push(...o.ms)
  bestRaw = Math.max(bestRaw, r.ops)
  bestOurs = Math.max(bestOurs, o.ops)
}

async function measureRound(side: () => Promise<number[]>): Promise<{ ms: number[]; ops: number }> {
  let ms: number[] = []
  const ops = await measure(
    async () => {
      ms = await side()
    },
    { ops: COUNT, rounds: 1, warmup: 0, teardown: expectHandled },
  )
  return { ms, ops }
}

oursMs.sort((a, b) => a - b)
rawMs.sort((a, b) => a - b)
const p50 = percentile(oursMs, 0.5)
const rawP50 = percentile(rawMs, 0.5)
printBench('command-sync-roundtrip', bestOurs, bestRaw, {
  p50,
  p99: percentile(oursMs, 0.99),
  raw_p50: rawP50,
  raw_p99: percentile(rawMs, 0.99),
  p50_ratio: p50 / rawP50,
  goal: 0.5,
})

await Promise.all([handler.close(), dispatcher.close()])
await served
await Promise.all([handlerNc, dispatcherNc, responderNc, requesterNc].map((nc) => nc!.close()))
