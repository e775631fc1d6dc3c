import { type CommandContext, EventCommandBus, isGoesError, MemoryBus, newCommand } from '../src/index.js'

async function settle(p: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const start = performance.now()
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  return { error, ms: performance.now() - start }
}

describe.each(['assign', 'group'] as const)('command bus timeouts (%s mode)', (mode) => {
  it('AGG-5: a command whose handler never answers fails with the typed timeout error within the configured time; a command nobody subscribes to fails with the typed "not assigned" error', async () => {
    const bus = new MemoryBus()
    const handler = new EventCommandBus(bus, { mode })
    const dispatcher = new EventCommandBus(bus, { mode })
    const sub = await handler.subscribe(['shop.slow'])
    const taken: CommandContext[] = []
    const served = (async () => {
      for await (const ctx of sub) taken.push(ctx) // never finished
    })()

    const slow = await settle(dispatcher.dispatch(newCommand('shop.slow', {}), { sync: true, timeoutMs: 150 }))
    expect(isGoesError(slow.error, 'TIMEOUT')).toBe(true)
    expect((slow.error as Error).message).toMatch(/"shop\.slow".*150 ms/)
    expect(slow.ms).toBeGreaterThanOrEqual(140) // timers may fire a hair early
    expect(slow.ms).toBeLessThan(150 + 2000)
    expect(taken).toHaveLength(1) // it was delivered: only the answer was missing

    const nobody = await settle(dispatcher.dispatch(newCommand('shop.unheard', {}), { assignTimeoutMs: 100 }))
    expect(isGoesError(nobody.error, 'NOT_ASSIGNED')).toBe(true)
    expect((nobody.error as Error).message).toMatch(/"shop\.unheard".*100 ms/)
    expect(nobody.ms).toBeGreaterThanOrEqual(90)
    expect(nobody.ms).toBeLessThan(100 + 2000)

    // a synchronous dispatch nobody takes is "not assigned" too, not a timeout
    const nobodySync = await settle(
      dispatcher.dispatch(newCommand('shop.unheard', {}), { sync: true, assignTimeoutMs: 100, timeoutMs: 1000 }),
    )
    expect(isGoesError(nobodySync.error, 'NOT_ASSIGNED')).toBe(true)

    await Promise.all([handler.close(), dispatcher.close()])
    await served
  })

  it('handlers of the other mode do not take the command: it is not assigned', async () => {
    const bus = new MemoryBus()
    const other = new EventCommandBus(bus, { mode: mode === 'assign' ? 'group' : 'assign' })
    const sub = await other.subscribe(['shop.order'])
    let taken = 0
    const served = (async () => {
      for await (const ctx of sub) {
        taken++
        await ctx.finish()
      }
    })()
    const dispatcher = new EventCommandBus(bus, { mode })
    const { error } = await settle(dispatcher.dispatch(newCommand('shop.order', {}), { assignTimeoutMs: 80 }))
    expect(isGoesError(error, 'NOT_ASSIGNED')).toBe(true)
    expect(taken).toBe(0)
    await Promise.all([other.close(), dispatcher.close()])
    await served
  })

  it('an asynchronous dispatch is not subject to timeoutMs: it resolves once accepted', async () => {
    const bus = new MemoryBus()
    const commands = new EventCommandBus(bus, { mode, timeoutMs: 50 })
    const sub = await commands.subscribe(['shop.order'])
    const it = sub[Symbol.asyncIterator]()
    await expect(commands.dispatch(newCommand('shop.order', {}))).resolves.toBeDefined()
    const ctx = (await it.next()).value as CommandContext
    await new Promise((resolve) => setTimeout(resolve, 80))
    await ctx.finish() // its late "executed" is ignored quietly
    await commands.close()
  })
})
