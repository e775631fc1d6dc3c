import {
  Aggregate,
  AggregateConsistencyError,
  type Event,
  isConsistencyError,
  isGoesError,
  newEvent,
  uuid,
  validateHistory,
} from '../src/index.js'

class Counter extends Aggregate<{ 'counter.incremented': null }> {
  count = 0
  constructor(id: string) {
    super('counter', id)
    this.on('counter.incremented', () => void this.count++)
  }
  increment() {
    this.next('counter.incremented', null)
  }
}

const T0 = 1_700_000_000_000_000_000n

function ev(id: string, version: number, time: bigint, name = 'counter'): Event {
  return newEvent('counter.incremented', null, { time, aggregate: { name, id, version } })
}

function errorOf(fn: () => void): AggregateConsistencyError {
  try {
    fn()
  } catch (err) {
    if (err instanceof AggregateConsistencyError) return err
    throw err
  }
  throw new Error('expected an AggregateConsistencyError, got none')
}

describe('validateHistory', () => {
  const id = uuid()
  const counter = new Counter(id)

  it('accepts a contiguous, time-ordered history of the aggregate, and an empty one', () => {
    expect(() => validateHistory(counter, [ev(id, 1, T0), ev(id, 2, T0 + 1n), ev(id, 3, T0 + 5n)])).not.toThrow()
    expect(() => validateHistory(counter, [])).not.toThrow()
  })

  it('accepts the changes recorded by next()', () => {
    const c = new Counter(uuid())
    c.increment()
    c.increment()
    c.commit()
    c.increment()
    c.increment()
    expect(() => validateHistory(c, c.changes)).not.toThrow()
  })

  it('kind "name": an event of another aggregate name, or of no aggregate', () => {
    const bad = ev(id, 1, T0, 'timer')
    const err = errorOf(() => validateHistory(counter, [bad]))
    expect(err.kind).toBe('name')
    expect(err.event).toBe(bad)
    expect(err.message).toContain('"timer"')
    expect(err.message).toContain('"counter"')
    expect(err.message).toContain('next()')
    const loose = newEvent('counter.incremented', null)
    expect(errorOf(() => validateHistory(counter, [loose])).message).toContain('no aggregate')
  })

  it('kind "id": an event of another aggregate id', () => {
    const other = uuid()
    const err = errorOf(() => validateHistory(counter, [ev(id, 1, T0), ev(other, 2, T0 + 1n)]))
    expect(err.kind).toBe('id')
    expect(err.event.aggregate?.id).toBe(other)
    expect(err.message).toContain(other)
    expect(err.message).toContain(id)
  })

  it('kind "version": not above the aggregate version', () => {
    const c = new Counter(id)
    c.apply(ev(id, 1, T0))
    c.apply(ev(id, 2, T0 + 1n))
    const err = errorOf(() => validateHistory(c, [ev(id, 2, T0 + 2n)]))
    expect(err.kind).toBe('version')
    expect(err.aggregate).toEqual({ name: 'counter', id, version: 2 })
    expect(err.message).toContain('version 2')
    expect(err.message).toContain('fetch it again and retry')
  })

  it('kind "version": not strictly increasing', () => {
    const err = errorOf(() => validateHistory(counter, [ev(id, 1, T0), ev(id, 2, T0 + 1n), ev(id, 2, T0 + 2n)]))
    expect(err.kind).toBe('version')
    expect(err.message).toContain('not above version 2 of the event before it')
  })

  it('kind "version": a gap, unless contiguous is off', () => {
    const events = [ev(id, 1, T0), ev(id, 3, T0 + 1n)]
    const err = errorOf(() => validateHistory(counter, events))
    expect(err.kind).toBe('version')
    expect(err.event).toBe(events[1])
    expect(err.message).toContain('but 2 must follow')
    expect(errorOf(() => validateHistory(counter, [ev(id, 2, T0)])).message).toContain("aggregate's version 0")
    expect(() => validateHistory(counter, events, { contiguous: false })).not.toThrow()
    expect(() => validateHistory(counter, [ev(id, 2, T0), ev(id, 2, T0 + 1n)], { contiguous: false })).toThrow(
      AggregateConsistencyError,
    )
  })

  it('kind "time": times must strictly increase', () => {
    const same = errorOf(() => validateHistory(counter, [ev(id, 1, T0), ev(id, 2, T0)]))
    expect(same.kind).toBe('time')
    expect(same.event.aggregate?.version).toBe(2)
    expect(same.message).toContain(`not after ${T0} ns`)
    const back = errorOf(() => validateHistory(counter, [ev(id, 1, T0), ev(id, 2, T0 + 2n), ev(id, 3, T0 + 1n)]))
    expect(back.kind).toBe('time')
    expect(back.event.aggregate?.version).toBe(3)
  })

  it('its errors are consistency errors: code, guard and class', () => {
    const err = errorOf(() => validateHistory(counter, [ev(id, 5, T0)]))
    expect(err.code).toBe('CONSISTENCY')
    expect(isConsistencyError(err)).toBe(true)
    expect(isGoesError(err, 'CONSISTENCY')).toBe(true)
    expect(err).toBeInstanceOf(Error)
  })
})
