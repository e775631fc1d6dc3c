import { type CommandContext, type CommandSubscription, EventCommandBus, newCommand, uuid } from '@goes/core'
import { sleep } from './support/collect.js'
import { dropPrefixed, newClient, pubsub, testBus, uniquePrefix } from './support/pubsub.js'

/** Runs `fn` for every command of `sub` until the subscription ends. */
function serve(sub: CommandSubscription, fn: (ctx: CommandContext) => Promise<void> | void): Promise<void> {
  return (async () => {
    for await (const ctx of sub) await fn(ctx)
  })()
}

const COMMANDS = 100

pubsub.describe('PSB-5: the command bus of @goes/core over Pub/Sub', () => {
  const client = newClient()
  afterAll(() => client.close())

  it.each(['group', 'assign'] as const)(
    'PSB-5: 100 commands, two competing handler processes (%s mode): each command executed exactly once, every sync dispatch returns',
    async (mode) => {
      // Three "processes" — two handler instances and a dispatcher — each with its own bus, on one prefix.
      const prefix = uniquePrefix()
      const buses = [0, 1, 2].map(() => testBus(client, { prefix }))
      const [h1, h2, dispatcher] = buses.map((bus) => new EventCommandBus(bus, { mode, assignTimeoutMs: 30_000 }))
      try {
        const executions = new Map<string, number>()
        const perHandler = [0, 0]
        const subs = await Promise.all([h1!, h2!].map((h) => h.subscribe(['psb5.charge'])))
        const served = subs.map((sub, i) =>
          serve(sub, async (ctx) => {
            executions.set(ctx.command.id, (executions.get(ctx.command.id) ?? 0) + 1)
            perHandler[i]!++
            await ctx.finish()
          }),
        )
        const commands = Array.from({ length: COMMANDS }, (_, n) =>
          newCommand('psb5.charge', { n }, { aggregate: { name: 'psb5.card', id: uuid() } }),
        )
        const reports = await Promise.all(
          commands.map((c) => dispatcher!.dispatch(c, { sync: true, timeoutMs: 60_000 })),
        )

        expect(reports.map((r) => r.command.id)).toEqual(commands.map((c) => c.id))
        await sleep(500) // a late duplicate would show up here
        expect(executions.size).toBe(COMMANDS)
        expect([...executions.values()].every((n) => n === 1)).toBe(true)
        expect(perHandler[0]! + perHandler[1]!).toBe(COMMANDS)
        if (mode === 'group') expect(perHandler.every((n) => n > 0)).toBe(true) // the group shares them
        await Promise.all([h1!, h2!, dispatcher!].map((c) => c.close()))
        await Promise.all(served)
      } finally {
        await Promise.all(buses.map((bus) => bus.close()))
        await dropPrefixed(client, prefix)
      }
    },
    120_000,
  )
})
