// NatsCommandBus in one process against the pre-started server: a synchronous round trip, a
// handler's error back at the dispatcher, exactly one of several handler instances per command
// (queue group), NOT_ASSIGNED without a handler, and close() leaving the connection open.
import { CommandError, isCommandError, isGoesError, newCommand, uuid } from '@goes/core'
import { integration } from '@goes-internal/services/integration'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { NatsCommandBus } from '../src/index.js'

const nats = integration('nats')

nats.describe('NatsCommandBus', () => {
  let nc: NatsConnection
  const buses: NatsCommandBus[] = []
  const prefix = () => `goes.test.cmd${uuid().slice(-12)}`
  const open = (p: string, options = {}) => {
    const bus = new NatsCommandBus(nc, { prefix: p, ...options })
    buses.push(bus)
    return bus
  }

  beforeAll(async () => {
    nc = await connect({ servers: nats.url })
  })
  afterAll(async () => {
    await Promise.all(buses.map((b) => b.close()))
    await nc.close()
  })

  it('a synchronous dispatch returns the report after the handler finished', async () => {
    const p = prefix()
    const handler = open(p)
    const dispatcher = open(p, { sync: true })
    const sub = await handler.subscribe(['shop.place_order'])
    const seen: unknown[] = []
    void (async () => {
      for await (const ctx of sub) {
        seen.push(ctx.command.payload)
        await ctx.finish()
      }
    })()
    const cmd = newCommand('shop.place_order', { item: 'milk', quantity: 2 })
    const report = await dispatcher.dispatch(cmd)
    expect(report.command.id).toBe(cmd.id)
    expect(typeof report.runtimeMs).toBe('number')
    expect(seen).toEqual([{ item: 'milk', quantity: 2 }])
  })

  it("the handler's CommandError reaches the synchronous dispatcher with its code", async () => {
    const p = prefix()
    const sub = await open(p).subscribe(['shop.cancel'])
    void (async () => {
      for await (const ctx of sub) await ctx.finish(new CommandError('TOO_LATE', 'Already shipped.'))
    })()
    const err = await open(p, { sync: true })
      .dispatch(newCommand('shop.cancel', {}))
      .catch((e: unknown) => e)
    expect(isCommandError(err, 'TOO_LATE')).toBe(true)
    expect((err as CommandError).message).toContain('Already shipped.')
  })

  it('each command goes to exactly one of three handler instances (queue group)', async () => {
    const p = prefix()
    const counts = [0, 0, 0]
    const executed = new Map<string, number>()
    for (let i = 0; i < 3; i++) {
      const sub = await open(p).subscribe(['shop.ship'])
      void (async () => {
        for await (const ctx of sub) {
          counts[i]!++
          executed.set(ctx.command.id, (executed.get(ctx.command.id) ?? 0) + 1)
          await ctx.finish()
        }
      })()
    }
    const dispatcher = open(p, { sync: true })
    const commands = Array.from({ length: 150 }, (_, n) => newCommand('shop.ship', { n }))
    await Promise.all(commands.map((c) => dispatcher.dispatch(c)))
    expect(executed.size).toBe(150)
    expect([...executed.values()].every((n) => n === 1)).toBe(true)
    expect(counts.reduce((a, b) => a + b)).toBe(150)
  })

  it('without a handler the dispatch fails with NOT_ASSIGNED', async () => {
    const err = await open(prefix())
      .dispatch(newCommand('shop.nobody', {}), { assignTimeoutMs: 300 })
      .catch((e: unknown) => e)
    expect(isGoesError(err, 'NOT_ASSIGNED')).toBe(true)
  })

  it('close() ends dispatches and subscriptions with CLOSED and leaves the connection open', async () => {
    const bus = open(prefix())
    const sub = await bus.subscribe(['shop.idle'])
    const pending = bus.dispatch(newCommand('shop.other', {}), { assignTimeoutMs: 10_000 }).catch((e: unknown) => e)
    await bus.close()
    await bus.close()
    expect(isGoesError(await pending, 'CLOSED')).toBe(true)
    await sub.closed
    await expect(bus.subscribe(['shop.idle'])).rejects.toMatchObject({ code: 'CLOSED' })
    expect(nc.isClosed()).toBe(false)
  })

  it('bad options are INVALID_OPTION', () => {
    expect(() => new NatsCommandBus(nc, { mode: 'fast' as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    )
    expect(() => new NatsCommandBus(nc, { prefix: 'a.>' })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }))
  })
})
