import { isGoesError } from '../src/errors/index.js'
import { AsyncQueue, drain, filter, map, merge, take, walk } from '../src/stream/index.js'

/** An async source of 0..n-1 that records whether it was closed early and how far it got. */
function counted(n: number, opts: { failAt?: number; delayMs?: number } = {}) {
  const state = { returned: false, pulled: 0 }
  const iterable: AsyncIterable<number> = {
    [Symbol.asyncIterator]() {
      let i = 0
      return {
        async next() {
          if (opts.delayMs !== undefined) await new Promise((r) => setTimeout(r, opts.delayMs))
          if (opts.failAt !== undefined && i === opts.failAt) throw new Error(`source failed at ${i}`)
          if (i >= n) return { value: undefined, done: true }
          state.pulled++
          return { value: i++, done: false }
        },
        async return() {
          state.returned = true
          return { value: undefined, done: true }
        },
      }
    },
  }
  return { iterable, state }
}

/** A source whose next() never settles until closed: stands for an idle subscription. */
function stuck() {
  const state = { returned: false }
  let release: (() => void) | undefined
  const iterable: AsyncIterable<number> = {
    [Symbol.asyncIterator]() {
      return {
        next: () =>
          new Promise<IteratorResult<number>>((resolve) => {
            release = () => resolve({ value: undefined, done: true })
          }),
        async return() {
          state.returned = true
          release?.()
          return { value: undefined, done: true }
        },
      }
    },
  }
  return { iterable, state }
}

const expectAborted = (err: unknown) => expect(isGoesError(err, 'ABORTED')).toBe(true)

describe('stream helpers', () => {
  it('drain collects async and sync iterables', async () => {
    expect(await drain(counted(5).iterable)).toEqual([0, 1, 2, 3, 4])
    expect(await drain([1, 2, 3])).toEqual([1, 2, 3])
    expect(await drain(new Set(['a']))).toEqual(['a'])
  })

  it('drain rejects with the source error and does not call return() on a source that threw', async () => {
    const { iterable, state } = counted(5, { failAt: 2 })
    await expect(drain(iterable)).rejects.toThrow('source failed at 2')
    expect(state.returned).toBe(false)
  })

  it('drain rejects with ABORTED when the signal is already aborted, without opening the source', async () => {
    const ac = new AbortController()
    ac.abort(new Error('stop'))
    const { iterable, state } = counted(5)
    const err = await drain(iterable, { signal: ac.signal }).catch((e: unknown) => e)
    expectAborted(err)
    expect(state.pulled).toBe(0)
  })

  it('drain rejects with ABORTED when aborted while waiting, and closes the source', async () => {
    const ac = new AbortController()
    const { iterable, state } = stuck()
    const p = drain(iterable, { signal: ac.signal })
    setTimeout(() => ac.abort(), 5)
    expectAborted(await p.catch((e: unknown) => e))
    await new Promise((r) => setTimeout(r, 1))
    expect(state.returned).toBe(true)
  })

  it('walk awaits fn per item in order', async () => {
    const seen: number[] = []
    let running = 0
    await walk(counted(10).iterable, async (n, index) => {
      expect(index).toBe(n)
      running++
      expect(running).toBe(1)
      await new Promise((r) => setTimeout(r, 1))
      seen.push(n)
      running--
    })
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('walk stops at the first error of fn and closes the source', async () => {
    const { iterable, state } = counted(100)
    const seen: number[] = []
    await expect(
      walk(iterable, (n) => {
        if (n === 3) throw new Error('fn failed')
        seen.push(n)
      }),
    ).rejects.toThrow('fn failed')
    expect(seen).toEqual([0, 1, 2])
    expect(state.returned).toBe(true)
    expect(state.pulled).toBe(4)
  })

  it('walk rejects with ABORTED when aborted mid-iteration and closes the source', async () => {
    const ac = new AbortController()
    const { iterable, state } = counted(1000)
    const err = await walk(
      iterable,
      (n) => {
        if (n === 5) ac.abort()
      },
      { signal: ac.signal },
    ).catch((e: unknown) => e)
    expectAborted(err)
    expect(state.pulled).toBe(6)
    await new Promise((r) => setTimeout(r, 1))
    expect(state.returned).toBe(true)
  })

  it('map transforms with sync and async functions', async () => {
    expect(await drain(map(counted(4).iterable, (n) => n * 2))).toEqual([0, 2, 4, 6])
    expect(await drain(map([1, 2], async (n, i) => `${n}:${i}`))).toEqual(['1:0', '2:1'])
  })

  it('map closes the source when the consumer breaks', async () => {
    const { iterable, state } = counted(100)
    for await (const n of map(iterable, (x) => x)) if (n === 2) break
    expect(state.returned).toBe(true)
    expect(state.pulled).toBe(3)
  })

  it('map rejects with the error of fn and closes the source', async () => {
    const { iterable, state } = counted(100)
    const m = map(iterable, (n) => {
      if (n === 1) throw new Error('boom')
      return n
    })
    await expect(drain(m)).rejects.toThrow('boom')
    expect(state.returned).toBe(true)
  })

  it('filter keeps matching items, sync and async', async () => {
    expect(await drain(filter(counted(10).iterable, (n) => n % 3 === 0))).toEqual([0, 3, 6, 9])
    expect(await drain(filter(counted(6).iterable, async (n) => n > 3))).toEqual([4, 5])
  })

  it('filter rejects with ABORTED when aborted while the source waits', async () => {
    const ac = new AbortController()
    const { iterable, state } = stuck()
    const p = drain(filter(iterable, () => true, { signal: ac.signal }))
    setTimeout(() => ac.abort(), 5)
    expectAborted(await p.catch((e: unknown) => e))
    await new Promise((r) => setTimeout(r, 1))
    expect(state.returned).toBe(true)
  })

  it('take yields n items and closes the source before handing out the last', async () => {
    const { iterable, state } = counted(100)
    const it = take(iterable, 3)[Symbol.asyncIterator]()
    expect((await it.next()).value).toBe(0)
    expect((await it.next()).value).toBe(1)
    expect(state.returned).toBe(false)
    expect((await it.next()).value).toBe(2)
    expect(state.returned).toBe(true)
    expect((await it.next()).done).toBe(true)
    expect(state.pulled).toBe(3)
  })

  it('take of more than there is yields everything; take(0) yields nothing', async () => {
    expect(await drain(take(counted(3).iterable, 10))).toEqual([0, 1, 2])
    const { iterable, state } = counted(3)
    expect(await drain(take(iterable, 0))).toEqual([])
    expect(state.pulled).toBe(0)
  })

  it('take rejects a bad count at once with INVALID_OPTION', () => {
    for (const bad of [-1, 1.5, Number.NaN]) {
      let err: unknown
      try {
        take([1], bad)
      } catch (e) {
        err = e
      }
      expect(isGoesError(err, 'INVALID_OPTION')).toBe(true)
    }
  })

  it('drain rejects a non-iterable with INVALID_OPTION', async () => {
    const err = await drain(42 as unknown as number[]).catch((e: unknown) => e)
    expect(isGoesError(err, 'INVALID_OPTION')).toBe(true)
  })

  it('merge interleaves sources and keeps the order within each', async () => {
    const a = counted(50, { delayMs: 0 }).iterable
    const b = map(counted(50).iterable, (n) => n + 1000)
    const out = await drain(merge<number>(a, b))
    expect(out).toHaveLength(100)
    expect(out.filter((n) => n < 1000)).toEqual([...Array(50).keys()])
    expect(out.filter((n) => n >= 1000)).toEqual([...Array(50).keys()].map((n) => n + 1000))
  })

  it('merge rejects an argument that is neither a source nor an options object', () => {
    expect(() => merge([1], 5 as unknown as number[])).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }))
  })

  it('merge of no sources ends at once', async () => {
    expect(await drain(merge<number>())).toEqual([])
  })

  it('merge ends with the first error and closes the other sources', async () => {
    const bad = counted(10, { failAt: 2 })
    const other = stuck()
    await expect(drain(merge<number>(bad.iterable, other.iterable))).rejects.toThrow('source failed at 2')
    expect(other.state.returned).toBe(true)
    expect(bad.state.returned).toBe(false)
  })

  it('merge return() closes every source', async () => {
    const a = counted(100)
    const b = stuck()
    for await (const n of merge<number>(a.iterable, b.iterable)) if (n === 3) break
    expect(a.state.returned).toBe(true)
    expect(b.state.returned).toBe(true)
  })

  it('merge accepts a trailing { signal } and rejects with ABORTED, closing the sources', async () => {
    const ac = new AbortController()
    const a = stuck()
    const b = stuck()
    const p = drain(merge<number>(a.iterable, b.iterable, { signal: ac.signal }))
    setTimeout(() => ac.abort(), 5)
    expectAborted(await p.catch((e: unknown) => e))
    expect(a.state.returned).toBe(true)
    expect(b.state.returned).toBe(true)
  })

  it('merge pulls each source again only after its item was taken (back-pressure)', async () => {
    const a = counted(1000)
    const it = merge<number>(a.iterable)
    expect((await it.next()).value).toBe(0)
    await new Promise((r) => setTimeout(r, 5))
    expect(a.state.pulled).toBeLessThanOrEqual(2)
    await it.return()
  })
})

describe('AsyncQueue', () => {
  it('delivers pushed items in order, then ends after close()', async () => {
    const q = new AsyncQueue<number>()
    for (let i = 0; i < 100; i++) expect(q.push(i)).toBe(true)
    q.close()
    expect(q.push(100)).toBe(false)
    expect(await drain(q)).toEqual([...Array(100).keys()])
  })

  it('hands items to a waiting consumer directly', async () => {
    const q = new AsyncQueue<string>()
    const first = q.next()
    q.push('a')
    expect(await first).toEqual({ value: 'a', done: false })
    const second = q.next()
    q.close()
    expect((await second).done).toBe(true)
  })

  it('fail() delivers the buffered items, then rejects once, then is done', async () => {
    const q = new AsyncQueue<number>()
    q.push(1)
    q.fail(new Error('broken'))
    expect(q.push(2)).toBe(false)
    expect((await q.next()).value).toBe(1)
    await expect(q.next()).rejects.toThrow('broken')
    expect((await q.next()).done).toBe(true)
  })

  it('fail() rejects a waiting consumer', async () => {
    const q = new AsyncQueue<number>()
    const p = q.next()
    q.fail(new Error('broken'))
    await expect(p).rejects.toThrow('broken')
  })

  it('breaking out of for-await closes the queue and drops the rest', async () => {
    const q = new AsyncQueue<number>()
    for (let i = 0; i < 10; i++) q.push(i)
    for await (const n of q) if (n === 2) break
    expect(q.closed).toBe(true)
    expect(q.push(11)).toBe(false)
    expect(q.size).toBe(0)
  })

  it('keeps FIFO order across ring-buffer growth while interleaving reads', async () => {
    const q = new AsyncQueue<number>()
    const out: number[] = []
    let next = 0
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 37; i++) q.push(next++)
      for (let i = 0; i < 23; i++) out.push((await q.next()).value as number)
    }
    q.close()
    out.push(...(await drain(q)))
    expect(out).toEqual([...Array(next).keys()])
  })

  it('back-pressure: whenWritable waits at the high-water mark until the consumer reads', async () => {
    const q = new AsyncQueue<number>({ highWaterMark: 3 })
    let maxSize = 0
    const producer = (async () => {
      for (let i = 0; i < 50; i++) {
        await q.whenWritable()
        q.push(i)
        maxSize = Math.max(maxSize, q.size)
      }
      q.close()
    })()
    await new Promise((r) => setTimeout(r, 5))
    expect(q.size).toBe(3) // the producer is parked, not running ahead
    const got: number[] = []
    for await (const n of q) {
      got.push(n)
      await new Promise((r) => setImmediate(r))
    }
    await producer
    expect(got).toEqual([...Array(50).keys()])
    expect(maxSize).toBeLessThanOrEqual(3)
  })

  it('back-pressure: whenWritable resolves once the queue is closed by its consumer', async () => {
    const q = new AsyncQueue<number>({ highWaterMark: 1 })
    q.push(1)
    const waiting = q.whenWritable()
    await q.return()
    await expect(waiting).resolves.toBeUndefined()
  })

  it('rejects a bad high-water mark with INVALID_OPTION', () => {
    expect(() => new AsyncQueue({ highWaterMark: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }))
  })
})
