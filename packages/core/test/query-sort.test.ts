import { type Event, newEvent, uuid } from '../src/index.js'
import { compareEvents, type Sorting, sortEvents } from '../src/query/index.js'

const [A, B] = [uuid(), uuid()].sort()
const ev = (name: string, time: bigint, agg?: [string, string, number]) =>
  newEvent(name, null, { time, ...(agg && { aggregate: { name: agg[0], id: agg[1], version: agg[2] } }) })

describe('compareEvents / sortEvents', () => {
  const e1 = ev('e1', 30n, ['b', A!, 2])
  const e2 = ev('e2', 10n, ['a', B!, 1])
  const e3 = ev('e3', 20n, ['b', A!, 1])
  const e4 = ev('e4', 10n)
  const e5 = ev('e5', 30n, ['a', A!, 3])
  const input = [e1, e2, e3, e4, e5]
  const names = (es: readonly Event[]) => es.map((e) => e.name)

  it('sorts by time ascending and descending', () => {
    expect(names(sortEvents(input, [{ by: 'time', dir: 'asc' }]))).toEqual(['e2', 'e4', 'e3', 'e1', 'e5'])
    expect(names(sortEvents(input, [{ by: 'time', dir: 'desc' }]))).toEqual(['e1', 'e5', 'e3', 'e2', 'e4'])
  })

  it('is stable: equal keys keep their input order', () => {
    expect(names(sortEvents([e5, e1, e4, e2], [{ by: 'time', dir: 'asc' }]))).toEqual(['e4', 'e2', 'e5', 'e1'])
    expect(names(sortEvents([e1, e5, e2, e4], [{ by: 'time', dir: 'desc' }]))).toEqual(['e1', 'e5', 'e2', 'e4'])
  })

  it('sorts by several keys, later keys breaking ties', () => {
    const sort: Sorting[] = [
      { by: 'aggregateName', dir: 'asc' },
      { by: 'aggregateId', dir: 'asc' },
      { by: 'aggregateVersion', dir: 'desc' },
    ]
    // e4 has no aggregate: name '' sorts first.
    expect(names(sortEvents(input, sort))).toEqual(['e4', 'e5', 'e2', 'e1', 'e3'])
    expect(
      names(
        sortEvents(input, [
          { by: 'aggregateVersion', dir: 'asc' },
          { by: 'time', dir: 'desc' },
        ]),
      ),
    ).toEqual(['e4', 'e3', 'e2', 'e1', 'e5'])
  })

  it('returns a copy and leaves the input alone', () => {
    const copy = [...input]
    const out = sortEvents(input, [{ by: 'time', dir: 'asc' }])
    expect(out).not.toBe(input)
    expect(input).toEqual(copy)
    const unsorted = sortEvents(input)
    expect(unsorted).not.toBe(input)
    expect(unsorted).toEqual(input)
  })

  it('compareEvents gives 0 for ties beyond the last key', () => {
    expect(compareEvents([{ by: 'time', dir: 'asc' }])(e2, e4)).toBe(0)
    expect(compareEvents([])(e1, e2)).toBe(0)
  })

  it('FND-5: rejects a bad sort', () => {
    expect(() => compareEvents([{ by: 'name' as 'time', dir: 'asc' }])).toThrow(
      expect.objectContaining({ code: 'INVALID_QUERY' }),
    )
  })
})
