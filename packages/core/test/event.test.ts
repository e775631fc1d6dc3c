import { isGoesError, NIL_UUID, newEvent, uuid } from '../src/index.js'

describe('newEvent', () => {
  it('creates an event with a v7 id and nanosecond time', () => {
    const e = newEvent('todo.added', { title: 'milk' })
    expect(e.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/)
    expect(typeof e.timeNano).toBe('bigint')
    expect(e.time.getTime()).toBe(Number(e.timeNano / 1_000_000n))
  })
  it('rejects the nil UUID as aggregate id', () => {
    let err: unknown
    try {
      newEvent('x', null, { aggregate: { name: 'a', id: NIL_UUID, version: 1 } })
    } catch (e) {
      err = e
    }
    expect(isGoesError(err, 'NIL_UUID')).toBe(true)
  })
  it('takes the next version from a previous event', () => {
    const a = newEvent('x', 1, { aggregate: { name: 'a', id: uuid(), version: 3 } })
    expect(newEvent('y', 2, { previous: a }).aggregate?.version).toBe(4)
  })
})
