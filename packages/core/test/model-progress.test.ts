import {
  advanceProgress,
  emptyProgress,
  isGoesError,
  newEvent,
  type ProgressEvent,
  type ProjectionProgress,
  progressCovers,
  progressTime,
} from '../src/index.js'

const at = (id: string, timeNano: bigint): ProgressEvent => ({ id, timeNano })

describe('projection progress', () => {
  it('the empty progress covers nothing, not even an event at time 0 or before 1970', () => {
    const p = emptyProgress()
    expect(p).toEqual({ time: '', ids: [] })
    expect(progressTime(p)).toBeUndefined()
    expect(progressCovers(p, at('a', 0n))).toBe(false)
    expect(progressCovers(p, at('a', -5n))).toBe(false)
    expect(progressCovers(p, newEvent('test.e', {}))).toBe(false)
  })

  it('covers events before its time and those at exactly its time whose id it holds, comparing nanoseconds exactly', () => {
    // Two times one nanosecond apart that a Number would not tell apart.
    const t = 1_700_000_000_123_456_789n
    const p: ProjectionProgress = { time: t.toString(), ids: ['x', 'y'] }
    expect(progressCovers(p, at('old', t - 1n))).toBe(true)
    expect(progressCovers(p, at('x', t))).toBe(true)
    expect(progressCovers(p, at('y', t))).toBe(true)
    expect(progressCovers(p, at('z', t))).toBe(false)
    expect(progressCovers(p, at('x', t + 1n))).toBe(false)
    expect(Number(t) === Number(t + 1n)).toBe(true) // why the time is a decimal string
  })

  it('advancing moves to the newest time; events sharing that timestamp accumulate their ids', () => {
    const t = 1_700_000_000_000_000_000n
    const p1 = advanceProgress(emptyProgress(), [at('a', t), at('b', t + 5n), at('c', t + 5n)])
    expect(p1).toEqual({ time: (t + 5n).toString(), ids: ['b', 'c'] })
    const p2 = advanceProgress(p1, [at('d', t + 5n), at('c', t + 5n)]) // c again: no duplicate
    expect(p2).toEqual({ time: (t + 5n).toString(), ids: ['b', 'c', 'd'] })
    const p3 = advanceProgress(p2, [at('e', t + 6n)])
    expect(p3).toEqual({ time: (t + 6n).toString(), ids: ['e'] })
    for (const id of ['a', 'b', 'c', 'd', 'e']) expect(progressCovers(p3, at(id, id === 'e' ? t + 6n : t))).toBe(true)
  })

  it('never goes backwards: an event older than the progress (or covered) changes nothing', () => {
    const p = { time: '1000', ids: ['k'] }
    expect(advanceProgress(p, [at('old', 999n)])).toEqual(p)
    expect(advanceProgress(p, [at('k', 1000n)])).toEqual(p)
    // Out of order in one batch: the newest wins, the older one after it is covered.
    expect(advanceProgress(p, [at('n', 2000n), at('m', 1500n)])).toEqual({ time: '2000', ids: ['n'] })
  })

  it('returns a new record and leaves the given one unchanged; the record is plain JSON', () => {
    const p = { time: '10', ids: ['a'] }
    const q = advanceProgress(p, [at('b', 10n)])
    expect(p).toEqual({ time: '10', ids: ['a'] })
    expect(q).not.toBe(p)
    expect(advanceProgress(p, [])).not.toBe(p)
    expect(JSON.parse(JSON.stringify(q))).toEqual(q)
  })

  it('follows real events, also several created in one nanosecond-resolution burst', () => {
    const events = Array.from({ length: 20 }, (_, i) => newEvent('test.e', { i }))
    let p = emptyProgress()
    for (const e of events.slice(0, 10)) p = advanceProgress(p, [e])
    for (const e of events.slice(0, 10)) expect(progressCovers(p, e)).toBe(true)
    for (const e of events.slice(10)) expect(progressCovers(p, e)).toBe(false)
    expect(progressTime(p)).toBe(events[9]!.timeNano)
  })

  it('a malformed record is INVALID_OPTION naming the fix', () => {
    const bad = [
      { time: 5, ids: [] },
      { time: '1e9', ids: [] },
      { time: '12', ids: 'a' },
      { time: '007', ids: [] },
      null,
    ]
    for (const p of bad) {
      let err: unknown
      try {
        progressCovers(p as unknown as ProjectionProgress, at('a', 1n))
      } catch (e) {
        err = e
      }
      expect(isGoesError(err, 'INVALID_OPTION')).toBe(true)
      expect((err as Error).message).toMatch(/emptyProgress\(\)/)
    }
  })
})
