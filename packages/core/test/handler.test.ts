import { MemoryBus } from '../src/bus/index.js'
import { CodecRegistry } from '../src/codec/index.js'
import { EventHandler, type HandlerContext, HandlerError, isHandlerError } from '../src/handler/index.js'
import { type Event, type EventOf, GoesError, isGoesError, newEvent } from '../src/index.js'
import { MemoryStore } from '../src/store/index.js'

type TodoEvents = {
  'todo.task_added': { title: string }
  'todo.task_removed': { title: string; reason?: string }
}

function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void
  const promise = new Promise<T>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

/** Polls until `cond` holds; fails the test (instead of hanging) after many macrotask turns. */
async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 20_000; i++) {
    if (cond()) return
    await new Promise((r) => setTimeout(r, 1))
  }
  throw new Error(`timed out waiting for: ${what}`)
}

async function codeOf(fn: () => unknown): Promise<string | undefined> {
  try {
    await fn()
  } catch (err) {
    return isGoesError(err) ? err.code : `not a GoesError: ${String(err)}`
  }
  return undefined
}

describe('EventHandler', () => {
  it('FND-5: a handler that throws on every event does not stop the event handler, and each error is reported', async () => {
    const bus = new MemoryBus()
    const reported: GoesError[] = []
    const seenBySecond: string[] = []
    const handler = new EventHandler(bus, { onError: (err) => reported.push(err) })
      .on('fnd5.happened', (e) => {
        throw new Error(`boom ${e.id}`)
      })
      .on('fnd5.happened', (e) => {
        seenBySecond.push(e.id)
      })
    const running = await handler.start()
    const streamed: GoesError[] = []
    const reading = (async () => {
      for await (const err of running.errors) streamed.push(err)
    })()

    const events = Array.from({ length: 1000 }, (_, i) => newEvent('fnd5.happened', { i }))
    for (let i = 0; i < events.length; i += 100) await bus.publish(events.slice(i, i + 100))
    await until(() => seenBySecond.length === 1000 && reported.length === 1000, '1,000 handled and reported')

    const ids = events.map((e) => e.id)
    expect(seenBySecond).toEqual(ids)
    expect(reported.map((e) => (isHandlerError(e) ? e.eventId : 'not a HandlerError'))).toEqual(ids)
    for (const [i, err] of reported.entries()) {
      expect(err).toBeInstanceOf(HandlerError)
      expect(err.code).toBe('HANDLER_FAILED')
      expect((err as HandlerError).eventName).toBe('fnd5.happened')
      expect(((err as HandlerError).cause as Error).message).toBe(`boom ${ids[i]}`)
    }

    // Still running after 1,000 failures: a later event is handled too.
    const later = newEvent('fnd5.happened', { i: 1000 })
    await bus.publish([later])
    await until(() => seenBySecond.length === 1001, 'the event after the failures')
    expect(seenBySecond[1000]).toBe(later.id)

    await running.stop()
    await reading
    expect(streamed.map((e) => (e as HandlerError).eventId)).toEqual([...ids, later.id])
  })

  it('runs several handlers of one name in registration order, and the right handlers per name', async () => {
    const bus = new MemoryBus()
    const log: string[] = []
    const handler = new EventHandler(bus)
      .on('order.a', async (e) => {
        await new Promise((r) => setTimeout(r, 1))
        log.push(`first ${(e.data as { n: number }).n}`)
      })
      .on(['order.a', 'order.b'], (e) => {
        log.push(`second ${e.name} ${(e.data as { n: number }).n}`)
      })
    expect(handler.names).toEqual(['order.a', 'order.b'])
    const running = await handler.start()
    await bus.publish([newEvent('order.a', { n: 1 }), newEvent('order.b', { n: 2 }), newEvent('order.c', { n: 3 })])
    await until(() => log.length === 3, 'three handler calls')
    await running.stop()
    expect(log).toEqual(['first 1', 'second order.a 1', 'second order.b 2'])
  })

  it('narrows the event by name with an event map', async () => {
    const bus = new MemoryBus()
    const titles: string[] = []
    const handler = new EventHandler<TodoEvents>(bus)
      .on('todo.task_added', (e) => {
        titles.push(e.data.title)
        // @ts-expect-error — task_added has no reason
        void e.data.reason
      })
      .on(['todo.task_added', 'todo.task_removed'], (e: EventOf<TodoEvents>) => {
        if (e.name === 'todo.task_removed') titles.push(`-${e.data.title}`)
      })
    // @ts-expect-error — not a name of the map
    expect(() => handler.on('todo.unknown', () => {})).not.toThrow()
    await using running = await handler.start()
    await bus.publish([
      newEvent('todo.task_added', { title: 'milk' }),
      newEvent('todo.task_removed', { title: 'milk' }),
    ])
    await until(() => titles.length === 2, 'two handled')
    expect(titles).toEqual(['milk', '-milk'])
    expect(running.done).toBeInstanceOf(Promise)
  })

  it('stop waits for in-flight handlers, aborts their signal, and handles nothing afterwards', async () => {
    const bus = new MemoryBus()
    const started = deferred()
    const gate = deferred()
    let finished = false
    let context: HandlerContext | undefined
    const handled: string[] = []
    const running = await new EventHandler(bus)
      .on('slow.job', async (e, ctx) => {
        handled.push(e.id)
        context = ctx
        started.resolve()
        await gate.promise
        finished = true
      })
      .start()
    await bus.publish([newEvent('slow.job', null)])
    await started.promise

    let stopped = false
    const stopping = running.stop().then(() => {
      stopped = true
    })
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0))
    expect(stopped).toBe(false)
    expect(context?.signal.aborted).toBe(true)

    gate.resolve()
    await stopping
    expect(finished).toBe(true)
    await running.done
    await running.stop() // idempotent

    await bus.publish([newEvent('slow.job', null)])
    await new Promise((r) => setTimeout(r, 10))
    expect(handled).toHaveLength(1)
  })

  it('stops when the start signal aborts', async () => {
    const bus = new MemoryBus()
    const controller = new AbortController()
    const handled: Event[] = []
    const running = await new EventHandler(bus)
      .on('x.y', (e) => void handled.push(e))
      .start({ signal: controller.signal })
    await bus.publish([newEvent('x.y', 1)])
    await until(() => handled.length === 1, 'first event')
    controller.abort()
    await running.done
    await bus.publish([newEvent('x.y', 2)])
    await new Promise((r) => setTimeout(r, 10))
    expect(handled).toHaveLength(1)
  })

  it('forwards subscription errors (malformed messages) to the error stream and keeps going', async () => {
    const bus = new MemoryBus({ codecs: new CodecRegistry({ unknownNames: 'json' }) })
    const reported: GoesError[] = []
    const handled: string[] = []
    const running = await new EventHandler(bus, { onError: (e) => reported.push(e) })
      .on('wire.ok', (e) => void handled.push(e.id))
      .start()
    await bus.publishRaw('wire.ok', new Uint8Array([0xff, 0x00, 0x13, 0x37]))
    const ok = newEvent('wire.ok', { fine: true })
    await bus.publish([ok])
    await until(() => handled.length === 1 && reported.length === 1, 'the good event and the error')
    await running.stop()
    expect(handled).toEqual([ok.id])
    expect(reported[0]?.code).toBe('MALFORMED_MESSAGE')
    const streamed: GoesError[] = []
    for await (const err of running.errors) streamed.push(err)
    expect(streamed.map((e) => e.code)).toEqual(['MALFORMED_MESSAGE'])
  })

  it('buffers at most maxBufferedErrors errors in the stream (dropping the oldest) while onError sees all', async () => {
    const bus = new MemoryBus()
    let seen = 0
    const handled: string[] = []
    const running = await new EventHandler(bus, { maxBufferedErrors: 3, onError: () => seen++ })
      .on('e.x', (e) => {
        handled.push(e.id)
        throw new Error('no')
      })
      .start()
    const events = Array.from({ length: 10 }, () => newEvent('e.x', null))
    await bus.publish(events)
    await until(() => seen === 10, 'ten errors')
    await running.stop()
    const streamed: string[] = []
    for await (const err of running.errors) streamed.push((err as HandlerError).eventId)
    expect(streamed).toEqual(events.slice(7).map((e) => e.id))
  })

  it('rejects bad options, bad names, registering after start and starting twice with typed errors', async () => {
    const bus = new MemoryBus()
    const store = new MemoryStore()
    const make = (o: unknown) => () => new EventHandler(bus, o as never)
    for (const workers of [0, -1, 1.5, Number.NaN, '2', Number.POSITIVE_INFINITY]) {
      expect(await codeOf(make({ workers }))).toBe('INVALID_OPTION')
    }
    expect(await codeOf(make({ worker: 2 }))).toBe('INVALID_OPTION')
    expect(await codeOf(make({ onError: 'log' }))).toBe('INVALID_OPTION')
    expect(await codeOf(make({ maxBufferedErrors: 0 }))).toBe('INVALID_OPTION')
    expect(await codeOf(make(42))).toBe('INVALID_OPTION')
    expect(await codeOf(make({ startup: { query: {} } }))).toBe('INVALID_OPTION')
    expect(await codeOf(make({ startup: { store, dedupeWindowMs: -1 } }))).toBe('INVALID_OPTION')
    expect(await codeOf(make({ startup: { store, since: 1 } }))).toBe('INVALID_OPTION')
    expect(await codeOf(make({ startup: { store, query: { names: 'todo.x' } } }))).toBe('INVALID_QUERY')
    expect(await codeOf(() => new EventHandler(undefined as never))).toBe('INVALID_OPTION')
    expect(await codeOf(make({ workers: 3, startup: { store, query: { times: { min: 0n } } } }))).toBeUndefined()
    try {
      new EventHandler(bus, { workers: 0 })
    } catch (err) {
      expect((err as Error).message).toMatch(/workers.*whole number ≥ 1/)
    }

    const handler = new EventHandler(bus)
    expect(await codeOf(() => handler.start())).toBe('INVALID_STATE')
    expect(await codeOf(() => handler.on('', () => {}))).toBe('INVALID_NAME')
    expect(await codeOf(() => handler.on([], () => {}))).toBe('INVALID_NAME')
    expect(await codeOf(() => handler.on('*', () => {}))).toBe('INVALID_NAME')
    expect(await codeOf(() => handler.on('a.b', 'fn' as never))).toBe('INVALID_OPTION')
    handler.on('a.b', () => {})
    const aborted = AbortSignal.abort()
    expect(await codeOf(() => handler.start({ signal: aborted }))).toBe('ABORTED')
    const running = await handler.start() // a failed start leaves the handler startable
    expect(await codeOf(() => handler.start())).toBe('INVALID_STATE')
    expect(await codeOf(() => handler.on('a.c', () => {}))).toBe('INVALID_STATE')
    await running.stop()
    expect(await codeOf(() => handler.start())).toBe('INVALID_STATE')
  })

  it('reports a subscription that fails, then stops (done resolves, errors end)', async () => {
    const failure = new GoesError('CLOSED', 'the bus went away')
    const bus = {
      publish: async () => {},
      subscribe: async () => ({
        errors: (async function* () {})(),
        droppedErrors: 0,
        closed: Promise.resolve(),
        close: async () => {},
        [Symbol.asyncDispose]: async () => {},
        [Symbol.asyncIterator]: () => ({
          next: () => Promise.reject(failure),
          return: async () => ({ done: true as const, value: undefined }),
        }),
      }),
    }
    const running = await new EventHandler(bus).on('a.b', () => {}).start()
    await running.done
    const errors: GoesError[] = []
    for await (const err of running.errors) errors.push(err)
    expect(errors).toEqual([failure])
    await expect(running.replayed).resolves.toBeUndefined()
  })
})
