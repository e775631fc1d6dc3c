// NTS-5: a NATS server started by the test is restarted (killed, then started again on the same
// port and store dir) while publishers and subscribers of both buses run; the same bus and
// subscription objects go on afterwards:
// - core (NatsBus, plain and queue-group subscriptions): every publish settles (resolves, or
//   rejects with a typed error); every event published after the reconnect is delivered; the
//   gap is reported on the subscriptions' `errors` (NATS core keeps nothing), never silent;
// - JetStream (JetStreamBus, plain and durable subscriptions): every publish is acknowledged
//   (the bus retries through the outage) and every acknowledged event is delivered.
import { type EventBus, isGoesError, newEvent, type Subscription } from '@goes/core'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { JetStreamBus, NatsBus } from '../src/index.js'
import { NatsServer, reconnected, sleep, until } from './support/index.js'

const BEFORE = 300 // events each publisher gets acknowledged before the restart
const AFTER = 300 // and after the reconnect
const SETTLE_MS = 40_000 // a publish that has not settled by then counts as hung

/** Publishes events `n = 0, 1, …` one by one until stopped, recording how each publish settled. */
class Publisher {
  readonly ok: number[] = []
  readonly failed = new Map<string, number>()
  hung = 0
  next = 0
  #stopped = false
  readonly done: Promise<void>

  constructor(bus: EventBus, name: string) {
    this.done = (async () => {
      while (!this.#stopped) {
        const n = this.next++
        let timer: NodeJS.Timeout | undefined
        const deadline = new Promise<'hung'>((resolve) => {
          timer = setTimeout(() => resolve('hung'), SETTLE_MS)
        })
        try {
          const r = await Promise.race([bus.publish([newEvent(name, { n })]), deadline])
          if (r === 'hung') this.hung++
          else this.ok.push(n)
        } catch (err) {
          const code = isGoesError(err) ? err.code : `untyped ${String(err)}`
          this.failed.set(code, (this.failed.get(code) ?? 0) + 1)
        } finally {
          clearTimeout(timer)
        }
        await sleep(2)
      }
    })()
  }

  async stop(): Promise<void> {
    this.#stopped = true
    await this.done
  }
}

/** Reads a subscription into a set of `n`s and counts its errors by code. */
function collect(sub: Subscription) {
  const seen = new Set<number>()
  const errors = new Map<string, number>()
  void (async () => {
    for await (const e of sub) seen.add((e.data as { n: number }).n)
  })()
  void (async () => {
    for await (const err of sub.errors) errors.set(err.code, (errors.get(err.code) ?? 0) + 1)
  })()
  let closed = false
  void sub.closed.then(() => {
    closed = true
  })
  return { sub, seen, errors, isClosed: () => closed }
}

describe('server restart', () => {
  let server: NatsServer | undefined
  const connections: NatsConnection[] = []
  const buses: { close(): Promise<void> }[] = []
  afterAll(async () => {
    await Promise.all(buses.map((b) => b.close().catch(() => {})))
    await Promise.all(connections.map((nc) => nc.close().catch(() => {})))
    await server?.dispose()
  })

  it('NTS-5: publishers and subscribers of the core and JetStream buses resume after a server restart without being recreated', async () => {
    server = await NatsServer.start()
    const connectTo = async () => {
      const nc = await connect({ servers: server!.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 })
      connections.push(nc)
      return nc
    }
    // Publishers and subscribers on separate connections, as in separate processes.
    const [pubNc, subNc] = [await connectTo(), await connectTo()]
    const core = { pub: new NatsBus(pubNc, { prefix: 'goes.nts5' }), sub: new NatsBus(subNc, { prefix: 'goes.nts5' }) }
    const jsOptions = { prefix: 'goes.nts5js', stream: 'NTS5' }
    const js = { pub: new JetStreamBus(pubNc, jsOptions), sub: new JetStreamBus(subNc, jsOptions) }
    buses.push(core.pub, core.sub, js.pub, js.sub)
    await js.pub.ready()

    const corePlain = collect(await core.sub.subscribe(['nts5.core']))
    const coreGroup = collect(await core.sub.subscribe(['nts5.core'], { group: 'nts5' }))
    const jsPlain = collect(await js.sub.subscribe(['nts5.js']))
    const jsDurable = collect(await js.sub.subscribe(['nts5.js'], { durable: 'nts5' }))
    const subscriptions = { corePlain, coreGroup, jsPlain, jsDurable }

    const corePub = new Publisher(core.pub, 'nts5.core')
    const jsPub = new Publisher(js.pub, 'nts5.js')
    await until('publishes before the restart', () => corePub.ok.length >= BEFORE && jsPub.ok.length >= BEFORE)

    const back = Promise.all([reconnected(pubNc), reconnected(subNc)])
    const restartedAt = Date.now()
    await server.restart({ signal: 'SIGKILL', downMs: 300 })
    await back
    const reconnectMs = Date.now() - restartedAt
    // Every core event from here on must arrive (both connections are back).
    const coreMark = corePub.next
    const coreOkBefore = corePub.ok.length
    const jsOkBefore = jsPub.ok.length
    await until(
      'publishes after the reconnect',
      () => corePub.ok.length >= coreOkBefore + AFTER && jsPub.ok.length >= jsOkBefore + AFTER,
    )
    await Promise.all([corePub.stop(), jsPub.stop()])
    const publishedMs = Date.now() - restartedAt

    const coreAfter = corePub.ok.filter((n) => n >= coreMark)
    const missing = (s: { seen: Set<number> }, ns: number[]) => ns.filter((n) => !s.seen.has(n))
    await until(
      'delivery',
      () =>
        missing(corePlain, coreAfter).length === 0 &&
        missing(coreGroup, coreAfter).length === 0 &&
        missing(jsPlain, jsPub.ok).length === 0 &&
        missing(jsDurable, jsPub.ok).length === 0,
      60_000,
    ).catch(() => {}) // the expectations below say what is missing
    const deliveredMs = Date.now() - restartedAt

    const fmt = (m: Map<string, number>) => JSON.stringify(Object.fromEntries(m))
    console.log(
      `NTS-5: server restarted (SIGKILL, 300 ms down), both connections back after ${reconnectMs} ms, ` +
        `${AFTER} more published by ${publishedMs} ms, all delivered by ${deliveredMs} ms. ` +
        `core: ${corePub.ok.length} published, failed ${fmt(corePub.failed)}, hung ${corePub.hung}; ` +
        `received plain ${corePlain.seen.size}, group ${coreGroup.seen.size}, errors plain ${fmt(corePlain.errors)} group ${fmt(coreGroup.errors)}. ` +
        `JetStream: ${jsPub.ok.length} acknowledged, failed ${fmt(jsPub.failed)}, hung ${jsPub.hung}; ` +
        `received plain ${jsPlain.seen.size}, durable ${jsDurable.seen.size}, errors plain ${fmt(jsPlain.errors)} durable ${fmt(jsDurable.errors)}`,
    )

    for (const p of [corePub, jsPub]) {
      expect(p.hung).toBe(0)
      expect([...p.failed.keys()].filter((code) => code.startsWith('untyped'))).toEqual([])
    }
    expect(jsPub.failed.size).toBe(0) // retried through the outage
    expect(missing(corePlain, coreAfter)).toEqual([])
    expect(missing(coreGroup, coreAfter)).toEqual([])
    expect(missing(jsPlain, jsPub.ok)).toEqual([])
    expect(missing(jsDurable, jsPub.ok)).toEqual([])
    // The core subscriptions were told about the gap.
    expect(corePlain.errors.size).toBeGreaterThan(0)
    expect(coreGroup.errors.size).toBeGreaterThan(0)
    for (const s of Object.values(subscriptions)) expect(s.isClosed()).toBe(false)
    await Promise.all(Object.values(subscriptions).map((s) => s.sub.close()))
  }, 180_000)
})
