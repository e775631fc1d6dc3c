// CommandHandler (FEATURES C4) against a minimal in-test command bus: each dispatch goes to the
// first subscriber of its name, and dispatch() resolves or rejects with what finish() got.

import { AsyncQueue } from '../src/backend/index.js'
import {
  type Command,
  type CommandBus,
  type CommandContext,
  CommandHandler,
  type CommandSubscription,
  type GoesError,
  isCommandHandlerError,
  isGoesError,
  uuid,
} from '../src/index.js'

type MailCommands = {
  'mail.send': { to: string }
  'mail.cancel': { reason: string }
}

class FakeCommandBus implements CommandBus {
  readonly subs: { names: readonly string[]; queue: AsyncQueue<CommandContext>; errors: AsyncQueue<GoesError> }[] = []
  finishFails = false

  async dispatch(command: Command) {
    const sub = this.subs.find((s) => s.names.includes(command.name) && !s.queue.closed)
    if (sub === undefined) throw new Error(`nobody handles ${command.name}`)
    let settle!: (err: unknown, failed: boolean) => void
    const done = new Promise<void>((resolve, reject) => {
      settle = (err, failed) => (failed ? reject(err) : resolve())
    })
    sub.queue.push({
      command,
      finish: async (...args: unknown[]) => {
        if (this.finishFails) throw new Error('wire is down')
        settle(args[0], args.length > 0)
      },
    })
    await done
    return { command }
  }

  async subscribe(names: readonly string[]): Promise<CommandSubscription> {
    const queue = new AsyncQueue<CommandContext>()
    const errors = new AsyncQueue<GoesError>()
    this.subs.push({ names, queue, errors })
    const close = async () => {
      queue.close()
      errors.close()
    }
    return {
      [Symbol.asyncIterator]: () => queue[Symbol.asyncIterator](),
      errors,
      droppedErrors: 0,
      close,
      [Symbol.asyncDispose]: close,
    }
  }
}

function cmd<N extends keyof MailCommands & string>(name: N, payload: MailCommands[N], aggregateId?: string) {
  const aggregate = aggregateId === undefined ? undefined : { name: 'mail.box', id: aggregateId }
  return { id: uuid(), name, payload, aggregate } as Command<N, MailCommands[N]>
}

function deferred() {
  let resolve!: () => void
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

describe('CommandHandler', () => {
  it('runs the handler of each command with its typed payload and finishes it', async () => {
    const bus = new FakeCommandBus()
    const sent: string[] = []
    const running = await new CommandHandler<MailCommands>(bus)
      .on('mail.send', (c) => {
        sent.push(c.payload.to)
      })
      .start()
    await bus.dispatch(cmd('mail.send', { to: 'a@x' }))
    await bus.dispatch(cmd('mail.send', { to: 'b@x' }))
    expect(sent).toEqual(['a@x', 'b@x'])
    await running.stop()
  })

  it('sends a thrown error back to the dispatcher, reports it and goes on', async () => {
    const bus = new FakeCommandBus()
    const reported: GoesError[] = []
    const running = await new CommandHandler<MailCommands>(bus, { onError: (e) => reported.push(e) })
      .on(['mail.send', 'mail.cancel'], async (c) => {
        if (c.name === 'mail.cancel') throw new Error(`cannot cancel: ${c.payload.reason}`)
      })
      .start()
    const failing = cmd('mail.cancel', { reason: 'too late' })
    await expect(bus.dispatch(failing)).rejects.toThrow('cannot cancel: too late')
    await bus.dispatch(cmd('mail.send', { to: 'a@x' }))
    await running.stop()
    const streamed: GoesError[] = []
    for await (const e of running.errors) streamed.push(e)
    expect(streamed).toEqual(reported)
    expect(reported).toHaveLength(1)
    const err = reported[0]
    expect(isCommandHandlerError(err)).toBe(true)
    if (!isCommandHandlerError(err)) return
    expect(err.commandId).toBe(failing.id)
    expect(err.commandName).toBe('mail.cancel')
    expect((err.cause as Error).message).toBe('cannot cancel: too late')
  })

  it('fails a command whose handler throws undefined instead of finishing it successfully', async () => {
    const bus = new FakeCommandBus()
    const running = await new CommandHandler<MailCommands>(bus)
      .on('mail.send', () => {
        throw undefined
      })
      .start()
    const err = await bus.dispatch(cmd('mail.send', { to: 'a@x' })).catch((e: unknown) => e)
    expect(isGoesError(err, 'COMMAND_FAILED')).toBe(true)
    await running.stop()
  })

  it('runs commands on concurrent workers, but one aggregate’s commands one after the other', async () => {
    const bus = new FakeCommandBus()
    let active = 0
    let peak = 0
    const perBox = new Map<string, number>()
    let boxOverlap = false
    const gates: (() => void)[] = []
    const order: string[] = []
    const running = await new CommandHandler<MailCommands>(bus, { workers: 3 })
      .on('mail.send', async (c) => {
        const box = c.aggregate?.id ?? ''
        active++
        peak = Math.max(peak, active)
        if ((perBox.get(box) ?? 0) > 0 && box !== '') boxOverlap = true
        perBox.set(box, (perBox.get(box) ?? 0) + 1)
        order.push(c.payload.to)
        const gate = deferred()
        gates.push(gate.resolve)
        await gate.promise
        perBox.set(box, (perBox.get(box) ?? 0) - 1)
        active--
      })
      .start()
    const box = uuid()
    const dispatches = [
      bus.dispatch(cmd('mail.send', { to: 'box-1' }, box)),
      bus.dispatch(cmd('mail.send', { to: 'box-2' }, box)),
      bus.dispatch(cmd('mail.send', { to: 'free-1' })),
      bus.dispatch(cmd('mail.send', { to: 'free-2' })),
      bus.dispatch(cmd('mail.send', { to: 'box-3' }, box)),
    ]
    // Release the gates one at a time until every command ran.
    while (order.length < 5 || gates.length > 0) {
      await new Promise((r) => setTimeout(r, 5))
      gates.shift()?.()
    }
    await Promise.all(dispatches)
    await running.stop()
    expect(peak).toBe(3)
    expect(boxOverlap).toBe(false)
    expect(order.filter((t) => t.startsWith('box'))).toEqual(['box-1', 'box-2', 'box-3'])
  })

  it('reports a finish() that fails and the subscription’s errors, and goes on', async () => {
    const bus = new FakeCommandBus()
    const running = await new CommandHandler<MailCommands>(bus).on('mail.send', () => {}).start()
    bus.finishFails = true
    void bus.dispatch(cmd('mail.send', { to: 'a@x' }))
    const malformed = { code: 'MALFORMED_MESSAGE', message: 'bad bytes', name: 'GoesError' } as GoesError
    bus.subs[0]?.errors.push(malformed)
    const it = running.errors[Symbol.asyncIterator]()
    const first = await it.next()
    const second = await it.next()
    const codes = [first.value, second.value].map((e: GoesError) => e.code).sort()
    expect(codes).toEqual(['HANDLER_FAILED', 'MALFORMED_MESSAGE'])
    bus.finishFails = false
    await bus.dispatch(cmd('mail.send', { to: 'b@x' }))
    await running.stop()
  })

  it('stops when its start signal aborts, after the command in flight finished', async () => {
    const bus = new FakeCommandBus()
    const controller = new AbortController()
    const gate = deferred()
    let finished = false
    const running = await new CommandHandler<MailCommands>(bus)
      .on('mail.send', async () => {
        await gate.promise
        finished = true
      })
      .start({ signal: controller.signal })
    const dispatched = bus.dispatch(cmd('mail.send', { to: 'a@x' }))
    await new Promise((r) => setTimeout(r, 5))
    controller.abort()
    let done = false
    void running.done.then(() => {
      done = true
    })
    await new Promise((r) => setTimeout(r, 5))
    expect(done).toBe(false)
    gate.resolve()
    await running.done
    expect(finished).toBe(true)
    await dispatched
    expect(bus.subs[0]?.queue.closed).toBe(true)
    await running.stop() // idempotent
  })

  it('rejects bad use with typed errors', async () => {
    const bus = new FakeCommandBus()
    expect(() => new CommandHandler(undefined as unknown as CommandBus)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    )
    expect(() => new CommandHandler(bus, { workers: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }))
    expect(() => new CommandHandler(bus, { wrokers: 2 } as never)).toThrow(/Unknown CommandHandler option "wrokers"/)
    const handler = new CommandHandler<MailCommands>(bus).on('mail.send', () => {})
    expect(() => handler.on('mail.send', () => {})).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }))
    expect(() => handler.on('' as 'mail.send', () => {})).toThrow(expect.objectContaining({ code: 'INVALID_NAME' }))
    await expect(new CommandHandler(bus).start()).rejects.toMatchObject({ code: 'INVALID_STATE' })
    const aborted = new AbortController()
    aborted.abort()
    await expect(handler.start({ signal: aborted.signal })).rejects.toMatchObject({ code: 'ABORTED' })
    const running = await handler.start()
    await expect(handler.start()).rejects.toMatchObject({ code: 'INVALID_STATE' })
    expect(() => handler.on('mail.cancel', () => {})).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }))
    await running.stop()
  })
})
