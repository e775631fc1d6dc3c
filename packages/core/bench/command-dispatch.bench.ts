// command-dispatch-sync: synchronous command dispatches over a MemoryBus, one after another —
// each a full protocol round trip (dispatched → requested → assigned → accepted → executed)
// between a dispatching EventCommandBus and a handling one, the payload JSON-encoded and
// decoded. One op = one dispatch that resolved with its execution report.
// Baseline: a plain promise round trip through a Node EventEmitter — a "request" event to a
// handler that emits a "response" event, which resolves the caller's promise.
// Extra fields: p50= and p99= latency of one sync dispatch (ms, from a separate sequential run
// of every command); group_ops= the same workload in group mode (no request/assign hop).
import { EventEmitter } from 'node:events'
import { expectCount, measure, scenario } from '@goes-internal/bench'
import { type Command, type CommandBusMode, EventCommandBus, MemoryBus, newCommand } from '../src/index.js'

const COUNT = 5_000
const commands: Command[] = Array.from({ length: COUNT }, (_, n) =>
  newCommand('bench.place_order', { n, item: 'milk', quantity: 2 }),
)

let handled = 0

/** A handling and a dispatching "process" on one MemoryBus; the handler finishes every command. */
async function wire(mode: CommandBusMode) {
  const bus = new MemoryBus()
  const handler = new EventCommandBus(bus, { mode })
  const dispatcher = new EventCommandBus(bus, { mode, sync: true })
  const sub = await handler.subscribe(['bench.place_order'])
  const served = (async () => {
    for await (const ctx of sub) {
      handled++
      await ctx.finish()
    }
  })()
  return {
    dispatcher,
    close: async () => {
      await Promise.all([handler.close(), dispatcher.close()])
      await served
    },
  }
}

const assign = await wire('assign')
const group = await wire('group')

async function dispatchAll(dispatcher: EventCommandBus): Promise<void> {
  for (const c of commands) await dispatcher.dispatch(c)
}

function emitterRoundTrips(): Promise<void> {
  const emitter = new EventEmitter()
  const waiting = new Map<string, () => void>()
  emitter.on('request', (c: Command) => {
    handled++
    emitter.emit('response', c.id)
  })
  emitter.on('response', (id: string) => {
    const resolve = waiting.get(id)
    waiting.delete(id)
    resolve?.()
  })
  const roundTrip = (c: Command) =>
    new Promise<void>((resolve) => {
      waiting.set(c.id, resolve)
      emitter.emit('request', c)
    })
  return (async () => {
    for (const c of commands) await roundTrip(c)
  })()
}

const setup = () => {
  handled = 0
}
const teardown = () => expectCount('command-dispatch-sync', handled, COUNT)

async function latencies(dispatcher: EventCommandBus): Promise<{ p50: number; p99: number }> {
  const ms: number[] = new Array(COUNT)
  for (let i = 0; i < COUNT; i++) {
    const start = performance.now()
    await dispatcher.dispatch(commands[i]!)
    ms[i] = performance.now() - start
  }
  ms.sort((a, b) => a - b)
  return { p50: ms[Math.floor(COUNT * 0.5)]!, p99: ms[Math.floor(COUNT * 0.99)]! }
}

const groupOps = await measure(() => dispatchAll(group.dispatcher), { ops: COUNT, rounds: 3, setup, teardown })

await scenario('command-dispatch-sync', () => dispatchAll(assign.dispatcher), emitterRoundTrips, {
  ops: COUNT,
  rounds: 5,
  setup,
  teardown,
  extra: async () => {
    const { p50, p99 } = await latencies(assign.dispatcher)
    return { p50, p99, group_ops: groupOps }
  },
})

await assign.close()
await group.close()
