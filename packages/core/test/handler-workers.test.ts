import { MemoryBus } from '../src/bus/index.js'
import { EventHandler } from '../src/handler/index.js'
import type { EventBus, Subscription } from '../src/index.js'
import { type Event, newEvent, uuid } from '../src/index.js'

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 20_000; i++) {
    if (cond()) return
    await new Promise((r) => setTimeout(r, 1))
  }
  throw new Error(`timed out waiting for: ${what}`)
}

const turns = (n: number) => new Promise<void>((r) => (n === 0 ? queueMicrotask(r) : setTimeout(r, n - 1)))

/** Resolves once `size` parties have arrived; gives up (returning false) after 5 s so a broken pool fails instead of hanging. */
function barrier(size: number): () => Promise<boolean> {
  let arrived = 0
  let open!: () => void
  const opened = new Promise<void>((r) => {
    open = r
  })
  return async () => {
    if (++arrived >= size) open()
    let timer: ReturnType<typeof setTimeout> | undefined
    const gaveUp = new Promise<boolean>((r) => {
      timer = setTimeout(() => r(false), 5000)
    })
    const ok = await Promise.race([opened.then(() => true), gaveUp])
    clearTimeout(timer)
    return ok
  }
}

/** A bus whose one subscription serves a fixed list and counts how many events were pulled. */
function listBus(events: readonly Event[]): { bus: EventBus; pulled: () => number } {
  let pulled = 0
  let closed = false
  let onClose: (() => void) | undefined
  const closedPromise = new Promise<void>((r) => {
    onClose = r
  })
  const close = async () => {
    closed = true
    onClose?.()
  }
  const sub: Subscription = {
    errors: (async function* () {})(),
    droppedErrors: 0,
    closed: closedPromise,
    close,
    [Symbol.asyncDispose]: close,
    [Symbol.asyncIterator]: () => ({
      next: async (): Promise<IteratorResult<Event>> => {
        if (!closed && pulled < events.length) return { done: false, value: events[pulled++] as Event }
        await closedPromise // stays live after the list, like a real subscription
        return { done: true, value: undefined }
      },
      return: async () => {
        await close()
        return { done: true, value: undefined }
      },
    }),
  }
  return { bus: { publish: async () => {}, subscribe: async () => sub }, pulled: () => pulled }
}

describe('EventHandler workers', () => {
  it('workers keep per-aggregate order while running concurrently', async () => {
    const bus = new MemoryBus()
    const workers = 4
    const aggregates = Array.from({ length: 6 }, () => uuid())
    const perAggregate = 20
    const events: Event[] = []
    for (let v = 1; v <= perAggregate; v++) {
      for (const id of aggregates)
        events.push(newEvent('acct.booked', { v }, { aggregate: { name: 'acct', id, version: v } }))
    }
    const firstRound = barrier(workers)
    const seen = new Map<string, number[]>(aggregates.map((id) => [id, []]))
    const busy = new Set<string>()
    let overlapWithinAggregate = 0
    let active = 0
    let maxActive = 0
    let barrierFailed = false
    let handled = 0
    let calls = 0

    const running = await new EventHandler(bus, { workers })
      .on('acct.booked', async (e) => {
        const { id, version } = e.aggregate!
        if (busy.has(id)) overlapWithinAggregate++
        busy.add(id)
        active++
        maxActive = Math.max(maxActive, active)
        // The first `workers` events (distinct aggregates) only get past this when they run at once.
        if (++calls <= workers && !(await firstRound())) barrierFailed = true
        await turns((version * 7 + aggregates.indexOf(id)) % 4)
        seen.get(id)!.push(version)
        active--
        busy.delete(id)
        handled++
      })
      .start()
    await bus.publish(events)
    await until(() => handled === events.length, 'every event handled')
    await running.stop()

    const inOrder = Array.from({ length: perAggregate }, (_, i) => i + 1)
    for (const id of aggregates) expect(seen.get(id)).toEqual(inOrder)
    expect(overlapWithinAggregate).toBe(0)
    expect(barrierFailed).toBe(false)
    expect(maxActive).toBe(workers)
  })

  it('spreads events without an aggregate over the workers', async () => {
    const bus = new MemoryBus()
    const meet = barrier(3)
    const results: boolean[] = []
    const running = await new EventHandler(bus, { workers: 3 })
      .on('ping.sent', async () => {
        results.push(await meet())
      })
      .start()
    await bus.publish([newEvent('ping.sent', 1), newEvent('ping.sent', 2), newEvent('ping.sent', 3)])
    await until(() => results.length === 3, 'three pings')
    await running.stop()
    expect(results).toEqual([true, true, true])
  })

  it('with one worker handles events strictly one at a time, in publish order', async () => {
    const bus = new MemoryBus()
    const order: number[] = []
    let active = 0
    let overlapped = false
    const running = await new EventHandler(bus)
      .on(['seq.a', 'seq.b'], async (e) => {
        if (active++ > 0) overlapped = true
        await turns((e.data as number) % 3)
        order.push(e.data as number)
        active--
      })
      .start()
    const events = Array.from({ length: 50 }, (_, i) => newEvent(i % 2 ? 'seq.a' : 'seq.b', i))
    await bus.publish(events)
    await until(() => order.length === 50, 'fifty events')
    await running.stop()
    expect(order).toEqual(events.map((e) => e.data))
    expect(overlapped).toBe(false)
  })

  it('back-pressure: pulls from the subscription only as fast as workers free up', async () => {
    const workers = 2
    const events = Array.from({ length: 100 }, (_, i) => newEvent('bp.item', i))
    const { bus, pulled } = listBus(events)
    let release!: () => void
    const gate = new Promise<void>((r) => {
      release = r
    })
    let started = 0
    let done = 0
    const running = await new EventHandler(bus, { workers })
      .on('bp.item', async () => {
        started++
        await gate
        done++
      })
      .start()
    await until(() => started === workers, 'the workers busy')
    for (let i = 0; i < 50; i++) await turns(1)
    expect(started).toBe(workers)
    // `workers` running + `workers` buffered + the one the puller holds while waiting for room.
    expect(pulled()).toBeLessThanOrEqual(2 * workers + 1)
    release()
    await until(() => done === events.length, 'every event handled')
    expect(pulled()).toBe(events.length)
    await running.stop()
  })
})
