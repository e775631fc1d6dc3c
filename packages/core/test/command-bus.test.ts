import {
  CodecRegistry,
  type CommandContext,
  type CommandSubscription,
  EventCommandBus,
  type EventCommandBusOptions,
  isGoesError,
  MemoryBus,
  newCommand,
  registerCommandProtocol,
} from '../src/index.js'

/** Runs `fn` for every command of `sub` until the subscription ends. */
function serve(sub: CommandSubscription, fn: (ctx: CommandContext) => Promise<void> | void): Promise<void> {
  return (async () => {
    for await (const ctx of sub) await fn(ctx)
  })()
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

describe.each([
  ['assign', 'plain'],
  ['assign', 'codec'],
  ['group', 'plain'],
  ['group', 'codec'],
] as const)('EventCommandBus (%s mode, %s MemoryBus)', (mode, wire) => {
  function setup(options: EventCommandBusOptions = {}) {
    const bus = new MemoryBus(wire === 'codec' ? { codecs: registerCommandProtocol(new CodecRegistry()) } : {})
    const make = () => new EventCommandBus(bus, { mode, ...options })
    return { bus, make }
  }

  it('AGG-2: with 3 competing command-bus subscribers on one bus, 1,000 dispatched commands are each executed exactly once, and every synchronous dispatch returns', async () => {
    const { make } = setup()
    const handlers = [make(), make(), make()]
    const dispatcher = make()
    const executions = new Map<string, number>()
    const perHandler = [0, 0, 0]
    const subs = await Promise.all(handlers.map((h) => h.subscribe(['shop.order'])))
    const served = subs.map((sub, i) =>
      serve(sub, async (ctx) => {
        executions.set(ctx.command.id, (executions.get(ctx.command.id) ?? 0) + 1)
        perHandler[i]!++
        if ((ctx.command.payload as { n: number }).n % 10 === 0) await tick() // some take longer
        await ctx.finish()
      }),
    )

    const commands = Array.from({ length: 1000 }, (_, n) => newCommand('shop.order', { n }))
    const reports = await Promise.all(commands.map((c) => dispatcher.dispatch(c, { sync: true })))

    expect(reports).toHaveLength(1000)
    reports.forEach((r, i) => {
      expect(r.command.id).toBe(commands[i]!.id)
      expect(typeof r.runtimeMs).toBe('number')
    })
    expect(executions.size).toBe(1000)
    for (const c of commands) expect(executions.get(c.id)).toBe(1)
    expect(perHandler.reduce((a, b) => a + b, 0)).toBe(1000)
    // The event bus round-robins a group; in assign mode the first requester of a burst wins.
    if (mode === 'group') expect(perHandler.every((n) => n > 0)).toBe(true)
    await Promise.all([...handlers, dispatcher].map((h) => h.close()))
    await Promise.all(served)
  })

  it('async dispatch resolves once accepted, before the handler finishes; the payload arrives intact', async () => {
    const { make } = setup()
    const commands = make()
    const sub = await commands.subscribe(['todo.add_task'])
    const taken: CommandContext[] = []
    const served = serve(sub, (ctx) => {
      taken.push(ctx)
    })
    const cmd = newCommand('todo.add_task', { title: 'milk', tags: ['a'] })
    const report = await commands.dispatch(cmd)
    expect(report).toEqual({ command: { id: cmd.id, name: 'todo.add_task' } })
    await tick()
    expect(taken).toHaveLength(1)
    expect(taken[0]!.command).toEqual({ id: cmd.id, name: 'todo.add_task', payload: cmd.payload, aggregate: undefined })
    await taken[0]!.finish()
    await commands.close()
    await served
  })

  it('a sync dispatch reports the aggregate and the runtime of the handler', async () => {
    const { make } = setup({ sync: true })
    const commands = make()
    const sub = await commands.subscribe(['todo.clear'])
    const served = serve(sub, async (ctx) => {
      await new Promise((resolve) => setTimeout(resolve, 20))
      await ctx.finish()
    })
    const aggregate = { name: 'todo.list', id: newCommand('x', 0).id }
    const report = await commands.dispatch(newCommand('todo.clear', null, { aggregate }))
    expect(report.command.aggregate).toEqual(aggregate)
    expect(report.runtimeMs).toBeGreaterThanOrEqual(15)
    await commands.close()
    await served
  })

  it('subscriptions to several names still execute each command exactly once', async () => {
    const { make } = setup({ sync: true })
    const handlers = [make(), make()]
    const executions = new Map<string, number>()
    const subs = [
      await handlers[0]!.subscribe(['a.one', 'a.two']),
      await handlers[1]!.subscribe(['a.two', 'a.one', 'a.three']),
    ]
    const served = subs.map((sub) =>
      serve(sub, async (ctx) => {
        executions.set(ctx.command.id, (executions.get(ctx.command.id) ?? 0) + 1)
        await ctx.finish()
      }),
    )
    const names = ['a.one', 'a.two', 'a.three']
    const commands = Array.from({ length: 300 }, (_, n) => newCommand(names[n % 3]!, { n }))
    await Promise.all(commands.map((c) => handlers[0]!.dispatch(c)))
    expect(commands.map((c) => executions.get(c.id))).toEqual(commands.map(() => 1))
    await Promise.all(handlers.map((h) => h.close()))
    await Promise.all(served)
  })

  it('a free handler instance wins a command over a busy one', async () => {
    const { make } = setup()
    const handlers = [make(), make(), make()]
    const subs = await Promise.all(handlers.map((h) => h.subscribe(['shop.order'])))
    const held: CommandContext[][] = [[], [], []]
    const served = subs.map((sub, i) =>
      serve(sub, (ctx) => {
        held[i]!.push(ctx) // busy until released
      }),
    )
    for (let n = 0; n < 3; n++) await handlers[0]!.dispatch(newCommand('shop.order', { n }))
    await tick()
    expect(held.map((h) => h.length)).toEqual([1, 1, 1])
    for (const h of held) for (const ctx of h) await ctx.finish()
    await Promise.all(handlers.map((h) => h.close()))
    await Promise.all(served)
  })

  it('finish() twice rejects with INVALID_STATE and the first outcome stands', async () => {
    const { make } = setup()
    const commands = make()
    const sub = await commands.subscribe(['todo.add_task'])
    let second: unknown
    const served = serve(sub, async (ctx) => {
      await ctx.finish()
      second = await ctx.finish(new Error('too late')).catch((err: unknown) => err)
    })
    await expect(commands.dispatch(newCommand('todo.add_task', {}), { sync: true })).resolves.toBeDefined()
    await tick()
    expect(isGoesError(second, 'INVALID_STATE')).toBe(true)
    await commands.close()
    await served
  })

  it('a process only gets commands of the names it subscribed to, and never decodes other payloads', async () => {
    const decoded: string[] = []
    const codecs = new CodecRegistry()
    for (const name of ['a.one', 'a.two']) {
      codecs.register(name, {
        codec: {
          encode: (d) => new TextEncoder().encode(JSON.stringify(d)),
          decode: (b) => {
            decoded.push(name)
            return JSON.parse(new TextDecoder().decode(b))
          },
        },
      })
    }
    const { make } = setup({ codecs, sync: true })
    const one = make()
    const two = make()
    const got: string[] = []
    const subs = [await one.subscribe(['a.one']), await two.subscribe(['a.two'])]
    const served = subs.map((s) =>
      serve(s, async (ctx) => {
        got.push(ctx.command.name)
        await ctx.finish()
      }),
    )
    await one.dispatch(newCommand('a.two', 2))
    await one.dispatch(newCommand('a.one', 1))
    await two.dispatch(newCommand('a.two', 2))
    expect(got.sort()).toEqual(['a.one', 'a.two', 'a.two'])
    expect(decoded.sort()).toEqual(['a.one', 'a.two', 'a.two']) // once per execution, by its handler only
    await Promise.all([one.close(), two.close()])
    await Promise.all(served)
  })

  it('closing a subscription fails the commands it took but did not hand out, and ends the iteration', async () => {
    const { make } = setup()
    const commands = make()
    const sub = await commands.subscribe(['todo.add_task'])
    const first = commands.dispatch(newCommand('todo.add_task', 1), { sync: true })
    const second = commands.dispatch(newCommand('todo.add_task', 2), { sync: true })
    const it = sub[Symbol.asyncIterator]()
    const ctx = (await it.next()).value as CommandContext
    await tick()
    await sub.close()
    await expect(second).rejects.toMatchObject({ code: 'CLOSED' })
    expect((await it.next()).done).toBe(true)
    await ctx.finish() // a command handed out can still be finished
    await expect(first).resolves.toMatchObject({ command: { id: ctx.command.id } })
    await commands.close()
  })
})

describe('EventCommandBus lifecycle and input', () => {
  it('rejects bad dispatches and subscriptions with typed errors', async () => {
    const commands = new EventCommandBus(new MemoryBus())
    const cmd = newCommand('a.b', 1)
    const codes = await Promise.all([
      commands.dispatch({ id: 'x', name: 'a.b', payload: 1 }).catch((e: unknown) => (e as { code: string }).code),
      commands.dispatch(cmd, { timeoutMs: 0 }).catch((e: unknown) => (e as { code: string }).code),
      commands.dispatch(cmd, { sync: 'yes' as never }).catch((e: unknown) => (e as { code: string }).code),
      commands.dispatch(newCommand('a.b', () => 1)).catch((e: unknown) => (e as { code: string }).code),
      commands.dispatch(cmd, { signal: AbortSignal.abort() }).catch((e: unknown) => (e as { code: string }).code),
      commands.subscribe([]).catch((e: unknown) => (e as { code: string }).code),
      commands.subscribe(['']).catch((e: unknown) => (e as { code: string }).code),
      commands.subscribe(['a.b'], { signal: AbortSignal.abort() }).catch((e: unknown) => (e as { code: string }).code),
    ])
    expect(codes).toEqual([
      'INVALID_UUID',
      'INVALID_OPTION',
      'INVALID_OPTION',
      'ENCODE_FAILED',
      'ABORTED',
      'INVALID_NAME',
      'INVALID_NAME',
      'ABORTED',
    ])
    expect(() => new EventCommandBus({} as never)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }))
    expect(() => new EventCommandBus(new MemoryBus(), { mode: 'x' as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    )
    await commands.close()
  })

  it('a strict payload registry rejects unregistered command names before anything is sent', async () => {
    const commands = new EventCommandBus(new MemoryBus(), { codecs: new CodecRegistry() })
    await expect(commands.dispatch(newCommand('a.b', 1))).rejects.toMatchObject({ code: 'UNKNOWN_NAME' })
    await commands.close()
  })

  it('a codec-mode event bus without the protocol names fails the dispatch with a hint', async () => {
    const commands = new EventCommandBus(new MemoryBus({ codecs: new CodecRegistry() }))
    await expect(commands.dispatch(newCommand('a.b', 1))).rejects.toThrow(/registerCommandProtocol/)
    await commands.close()
  })

  it('aborting a dispatch rejects it with ABORTED; closing the bus rejects waiting dispatches with CLOSED', async () => {
    const bus = new MemoryBus()
    const commands = new EventCommandBus(bus)
    const sub = await commands.subscribe(['a.b'])
    const controller = new AbortController()
    const aborted = commands.dispatch(newCommand('a.b', 1), { sync: true, signal: controller.signal })
    const waiting = commands.dispatch(newCommand('a.b', 2), { sync: true })
    await tick()
    controller.abort()
    await expect(aborted).rejects.toMatchObject({ code: 'ABORTED' })
    await commands.close()
    await expect(waiting).rejects.toMatchObject({ code: 'CLOSED' })
    expect((await sub[Symbol.asyncIterator]().next()).done).toBe(true)
    await expect(commands.dispatch(newCommand('a.b', 3))).rejects.toMatchObject({ code: 'CLOSED' })
    await expect(commands.subscribe(['a.b'])).rejects.toMatchObject({ code: 'CLOSED' })
  })

  it('dispatching the same command while it is pending is refused; again after it settled works', async () => {
    const commands = new EventCommandBus(new MemoryBus(), { sync: true })
    const sub = await commands.subscribe(['a.b'])
    const served = serve(sub, (ctx) => ctx.finish())
    const cmd = newCommand('a.b', 1)
    const first = commands.dispatch(cmd)
    await expect(commands.dispatch(cmd)).rejects.toMatchObject({ code: 'INVALID_STATE' })
    await first
    await expect(commands.dispatch(cmd)).resolves.toMatchObject({ command: { id: cmd.id } })
    await commands.close()
    await served
  })

  it('group mode needs an event bus with groups: subscribe rejects with its error otherwise', async () => {
    const noGroups = new MemoryBus()
    const bus = {
      publish: noGroups.publish.bind(noGroups),
      subscribe: (names: never, options?: { group?: string }) =>
        options?.group !== undefined
          ? Promise.reject(Object.assign(new Error('no groups'), { code: 'INVALID_OPTION' }))
          : noGroups.subscribe(names, options),
    }
    const commands = new EventCommandBus(bus, { mode: 'group' })
    await expect(commands.subscribe(['a.b', 'a.c'])).rejects.toThrow('no groups')
    await commands.close()
  })
})
