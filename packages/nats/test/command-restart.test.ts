// NatsCommandBus across a server restart: the same dispatcher and handler objects go on once the
// connections are back; a dispatch sent while the server is down fails with a typed error in its
// own time (NATS core keeps nothing), it never hangs.
import { isGoesError, newCommand } from '@goes/core'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { NatsCommandBus } from '../src/index.js'
import { NatsServer, reconnected } from './support/index.js'

describe('NatsCommandBus and a server restart', () => {
  let server: NatsServer | undefined
  const connections: NatsConnection[] = []
  afterAll(async () => {
    await Promise.all(connections.map((nc) => nc.close().catch(() => {})))
    await server?.dispose()
  })

  it('dispatcher and handler resume after the server restarts; a dispatch during the outage fails typed', async () => {
    server = await NatsServer.start({ jetstream: false })
    const connectTo = async () => {
      const nc = await connect({ servers: server!.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 })
      connections.push(nc)
      return nc
    }
    const [handlerNc, dispatcherNc] = [await connectTo(), await connectTo()]
    const handler = new NatsCommandBus(handlerNc)
    const dispatcher = new NatsCommandBus(dispatcherNc, { sync: true, assignTimeoutMs: 1000, timeoutMs: 3000 })
    const sub = await handler.subscribe(['shop.ship'])
    const executed: number[] = []
    void (async () => {
      for await (const ctx of sub) {
        executed.push((ctx.command.payload as { n: number }).n)
        await ctx.finish()
      }
    })()
    await dispatcher.dispatch(newCommand('shop.ship', { n: 0 }))

    await server.stop({ signal: 'SIGKILL' })
    const during: string = await dispatcher.dispatch(newCommand('shop.ship', { n: 1 })).then(
      () => 'executed',
      (err: unknown) => (isGoesError(err) ? err.code : `untyped ${String(err)}`),
    )
    const back = Promise.all([reconnected(handlerNc), reconnected(dispatcherNc)])
    await server.start()
    await back
    // The client re-sends its subscriptions on reconnect; a PING/PONG round trip on each connection
    // proves the server has them before the next dispatch (else it finds no handler: NOT_ASSIGNED).
    await Promise.all([handlerNc.flush(), dispatcherNc.flush()])

    const after = await Promise.all(
      Array.from({ length: 20 }, (_, n) => dispatcher.dispatch(newCommand('shop.ship', { n: n + 2 }))),
    )
    await new Promise((resolve) => setTimeout(resolve, 300))
    console.log(
      `dispatch while the server was down: ${during}; executed after all: ${executed.includes(1)}; executed ${executed.length}`,
    )
    expect(['NOT_ASSIGNED', 'TIMEOUT']).toContain(during)
    expect(after).toHaveLength(20)
    expect(executed.filter((n) => n !== 1).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 21 }, (_, n) => (n === 0 ? 0 : n + 1)),
    )
    await Promise.all([handler.close(), dispatcher.close()])
  }, 60_000)
})
