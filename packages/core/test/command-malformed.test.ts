import {
  COMMAND_ASSIGNED,
  COMMAND_DISPATCHED,
  COMMAND_EXECUTED,
  commandProtocolCodec,
  encodeEnvelope,
} from '../src/backend/index.js'
import {
  type Codec,
  CodecRegistry,
  type CommandSubscription,
  EventCommandBus,
  type GoesError,
  isCommandError,
  MemoryBus,
  newCommand,
  newEvent,
  registerCommandProtocol,
  uuid,
} from '../src/index.js'

/** The next error of a stream, or a failure after 2 s (so a missing report cannot hang the test). */
async function nextError(errors: AsyncIterable<GoesError>): Promise<GoesError> {
  const it = errors[Symbol.asyncIterator]()
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no error was reported within 2 s')), 2000)
  })
  try {
    const r = await Promise.race([it.next(), timeout])
    return r.value as GoesError
  } finally {
    clearTimeout(timer)
  }
}

/** Serves `sub`, finishing every command; resolves when it ends. */
function serve(sub: CommandSubscription): Promise<void> {
  return (async () => {
    for await (const ctx of sub) await ctx.finish()
  })()
}

describe('malformed command protocol messages', () => {
  it('AGG-7: a malformed command message on the bus is reported and the command bus goes on', async () => {
    const bus = new MemoryBus({ codecs: registerCommandProtocol(new CodecRegistry()) })
    const commands = new EventCommandBus(bus, { sync: true })
    const sub = await commands.subscribe(['shop.order'])
    const served = serve(sub)

    // 1. bytes that are no envelope at all
    await bus.publishRaw(COMMAND_DISPATCHED, new Uint8Array([9, 9, 9]))
    const badEnvelope = await nextError(sub.errors)
    expect(badEnvelope.code).toBe('MALFORMED_MESSAGE')

    // 2. a good envelope whose protocol data is garbage
    const rawCodecs = new CodecRegistry().register(COMMAND_DISPATCHED, {
      codec: { encode: (b: Uint8Array) => b, decode: (b: Uint8Array) => b } as Codec<unknown>,
    })
    await bus.publishRaw(
      COMMAND_DISPATCHED,
      encodeEnvelope(newEvent(COMMAND_DISPATCHED, new Uint8Array([1, 1, 3])), rawCodecs),
    )
    const badData = await nextError(sub.errors)
    expect(badData.code).toBe('DECODE_FAILED')
    expect(badData.message).toMatch(/command protocol message/)

    // 3. a well-formed message that names a command nobody dispatched
    await bus.publish([
      newEvent(COMMAND_EXECUTED, {
        kind: 'executed',
        commandId: uuid(),
        dispatcherId: commands.id,
        handlerId: uuid(),
        runtimeMs: 1,
        error: undefined,
      }),
    ])
    // the dispatcher's subscription opens with the first dispatch: do one first
    await expect(commands.dispatch(newCommand('shop.order', { n: 1 }))).resolves.toBeDefined()
    await bus.publish([
      newEvent(COMMAND_EXECUTED, {
        kind: 'executed',
        commandId: uuid(),
        dispatcherId: commands.id,
        handlerId: uuid(),
        runtimeMs: 1,
        error: undefined,
      }),
    ])
    const unknown = await nextError(commands.errors)
    expect(unknown.code).toBe('MALFORMED_MESSAGE')
    expect(unknown.message).toMatch(/never dispatched/)

    // the command bus goes on
    const report = await commands.dispatch(newCommand('shop.order', { n: 2 }))
    expect(report.runtimeMs).toBeGreaterThanOrEqual(0)
    await commands.close()
    await served
  })

  it('a hand-made protocol event of the wrong shape is reported by a plain MemoryBus subscriber', async () => {
    const bus = new MemoryBus()
    const commands = new EventCommandBus(bus, { sync: true })
    const sub = await commands.subscribe(['shop.order'])
    const served = serve(sub)
    await bus.publish([newEvent(COMMAND_DISPATCHED, { kind: 'dispatched', commandId: 'nope' })])
    expect((await nextError(sub.errors)).message).toMatch(/command id is not a UUID/)
    await bus.publish([newEvent(COMMAND_DISPATCHED, 'not even an object')])
    expect((await nextError(sub.errors)).code).toBe('MALFORMED_MESSAGE')
    await bus.publish([
      newEvent(COMMAND_ASSIGNED, {
        kind: 'assigned',
        commandId: uuid(),
        dispatcherId: uuid(),
        handlerId: (sub as { handlerId?: string }).handlerId,
      }),
    ])
    expect((await nextError(sub.errors)).message).toMatch(/did not request it/)
    await expect(commands.dispatch(newCommand('shop.order', {}))).resolves.toBeDefined()
    await commands.close()
    await served
  })

  it('an undecodable payload is reported by the handler and fails the dispatch; the handler goes on', async () => {
    const bus = new MemoryBus()
    const garbage: Codec<unknown> = { encode: () => new Uint8Array([0xff, 0xfe]), decode: () => undefined }
    const sender = new EventCommandBus(bus, {
      sync: true,
      codecs: new CodecRegistry().register('shop.order', { codec: garbage }),
    })
    const handler = new EventCommandBus(bus, { sync: true }) // JSON payloads
    const sub = await handler.subscribe(['shop.order'])
    const served = serve(sub)
    const err = await sender.dispatch(newCommand('shop.order', {})).catch((e: unknown) => e)
    expect(isCommandError(err, 'DECODE_FAILED')).toBe(true)
    expect((await nextError(sub.errors)).code).toBe('DECODE_FAILED')
    await expect(handler.dispatch(newCommand('shop.order', { ok: true }))).resolves.toBeDefined()
    await Promise.all([sender.close(), handler.close()])
    await served
  })

  it('the protocol codec round-trips every message kind and rejects truncated or trailing bytes', () => {
    const detail = { typeUrl: 'type.googleapis.com/x.Y', value: new Uint8Array([1, 2, 3]) }
    const messages = [
      {
        kind: 'dispatched',
        commandId: uuid(),
        dispatcherId: uuid(),
        name: 'shop.order',
        aggregate: { name: 'shop.cart', id: uuid() },
        payload: new Uint8Array([4, 5]),
        sync: true,
        mode: 'group',
        assignTimeoutMs: 5000,
      },
      { kind: 'requested', commandId: uuid(), dispatcherId: uuid(), handlerId: uuid() },
      {
        kind: 'executed',
        commandId: uuid(),
        dispatcherId: uuid(),
        handlerId: uuid(),
        runtimeMs: 1.5,
        error: {
          code: 7,
          message: 'Nö — ünïcödé',
          messages: { de: 'Nein' },
          details: [detail],
          cause: { name: 'TypeError', message: 'x'.repeat(300), code: 'E1' },
        },
      },
    ] as const
    for (const m of messages) {
      const bytes = commandProtocolCodec.encode(m)
      expect(commandProtocolCodec.decode(bytes)).toEqual(m)
      expect(() => commandProtocolCodec.decode(bytes.subarray(0, bytes.length - 1))).toThrow(
        expect.objectContaining({ code: 'MALFORMED_MESSAGE' }),
      )
      expect(() => commandProtocolCodec.decode(new Uint8Array([...bytes, 0]))).toThrow(/unexpected bytes/)
    }
    expect(() => commandProtocolCodec.decode(new Uint8Array([2, 1]))).toThrow(/protocol version 2/)
  })
})

describe('late commands in group mode', () => {
  it('a "dispatched" older than its assign timeout is skipped and reported as TIMEOUT; the next command runs', async () => {
    const bus = new MemoryBus()
    const handler = new EventCommandBus(bus, { mode: 'group' })
    const dispatcher = new EventCommandBus(bus, { mode: 'group', sync: true })
    const sub = await handler.subscribe(['shop.order'])
    const ran: string[] = []
    const served = (async () => {
      for await (const ctx of sub) {
        ran.push(ctx.command.id)
        await ctx.finish()
      }
    })()

    // What a dispatcher sent 10 s ago with a 1 s assign timeout, delivered only now (e.g. held
    // back by a reconnecting client): its dispatcher has long reported NOT_ASSIGNED.
    const lateId = uuid()
    const late = {
      kind: 'dispatched',
      commandId: lateId,
      dispatcherId: uuid(),
      name: 'shop.order',
      aggregate: undefined,
      payload: new TextEncoder().encode('{}'),
      sync: false,
      mode: 'group',
      assignTimeoutMs: 1000,
    }
    await bus.publish([newEvent(COMMAND_DISPATCHED, late, { time: new Date(Date.now() - 10_000) })])
    const err = await nextError(sub.errors)
    expect(err.code).toBe('TIMEOUT')
    expect(err.message).toContain(lateId)

    const onTime = newCommand('shop.order', { n: 1 })
    await dispatcher.dispatch(onTime)
    expect(ran).toEqual([onTime.id])
    await sub.close()
    await served
  })
})
