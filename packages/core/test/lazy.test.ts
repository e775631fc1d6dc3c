import { isDataDecoded, lazyEvent } from '../src/codec/index.js'
import { deepEqual, eventsEqual, nanoToDate, newEvent } from '../src/event/index.js'
import { uuid } from '../src/uuid/index.js'

function counting<T>(value: T) {
  const counter = { decodes: 0 }
  const decode = () => {
    counter.decodes++
    return JSON.parse(JSON.stringify(value)) as T // structuredClone would build objects of another realm under jest
  }
  return { counter, decode }
}

const aggregate = { name: 'todo.list', id: uuid(), version: 3 }

describe('lazyEvent', () => {
  it('FND-3: never decodes when data is never read', () => {
    const { counter, decode } = counting({ title: 'milk' })
    const e = lazyEvent({ id: uuid(), name: 'todo.added', timeNano: 1_700_000_000_123_456_789n }, decode)
    expect(e.name).toBe('todo.added')
    expect(e.time).toEqual(nanoToDate(e.timeNano))
    expect(e.aggregate).toBeUndefined()
    expect(isDataDecoded(e)).toBe(false)
    expect(counter.decodes).toBe(0)
  })

  it('FND-3: decodes exactly once when data is read twice', () => {
    const { counter, decode } = counting({ title: 'milk' })
    const e = lazyEvent({ id: uuid(), name: 'todo.added', timeNano: 5n, aggregate }, decode)
    const first = e.data
    expect(e.data).toBe(first) // the cached value, not a second decode
    expect(first).toEqual({ title: 'milk' })
    expect(counter.decodes).toBe(1)
    expect(isDataDecoded(e)).toBe(true)
  })

  it('decodes once when decoding throws, and rethrows the same error on every read', () => {
    let calls = 0
    const failure = new Error('bad bytes')
    const e = lazyEvent({ id: uuid(), name: 'x', timeNano: 1n }, () => {
      calls++
      throw failure
    })
    const errors: unknown[] = []
    for (let i = 0; i < 2; i++) {
      try {
        void e.data
      } catch (err) {
        errors.push(err)
      }
    }
    expect(errors).toEqual([failure, failure])
    expect(errors[0]).toBe(errors[1])
    expect(calls).toBe(1)
    expect(isDataDecoded(e)).toBe(true)
  })

  it('behaves like a plain event: keys, prototype, spread, eventsEqual, deepEqual, toEqual', () => {
    const plain = newEvent('todo.added', { title: 'milk', tags: ['a'] }, { aggregate })
    const { counter, decode } = counting(plain.data)
    const fields = { id: plain.id, name: plain.name, timeNano: plain.timeNano, aggregate: plain.aggregate }
    const e = lazyEvent(fields, decode)
    expect(Object.keys(e)).toEqual(Object.keys(plain))
    expect(Object.getPrototypeOf(e)).toBe(Object.prototype)
    expect(counter.decodes).toBe(0)
    const copy = { ...e }
    expect(Object.getOwnPropertyDescriptor(copy, 'data')?.value).toEqual(plain.data)
    expect(eventsEqual(e, plain)).toBe(true)
    expect(deepEqual(e, plain)).toBe(true)
    expect(e).toEqual(plain)
    expect(e).toStrictEqual(plain)
    expect(structuredClone(e)).toEqual(plain)
    expect(counter.decodes).toBe(1)
    expect(isDataDecoded(plain)).toBe(true)
  })

  it('JSON.stringify throws for the bigint timeNano, like for a plain event, and works with a replacer', () => {
    const plain = newEvent('x', 1)
    const e = lazyEvent({ id: plain.id, name: 'x', timeNano: plain.timeNano }, () => 1)
    expect(() => JSON.stringify(plain)).toThrow(TypeError)
    expect(() => JSON.stringify(e)).toThrow(TypeError)
    const replacer = (_k: string, v: unknown) => (typeof v === 'bigint' ? String(v) : v)
    expect(JSON.stringify(e, replacer)).toBe(JSON.stringify(plain, replacer))
  })

  it('keeps data readable through an object that inherits from the event', () => {
    const e = lazyEvent({ id: uuid(), name: 'x', timeNano: 1n }, () => 'v')
    const child = Object.create(e) as { data: unknown }
    expect(child.data).toBe('v')
    expect(isDataDecoded(e)).toBe(true)
  })

  it('derives time from timeNano, also before 1970', () => {
    const e = lazyEvent({ id: uuid(), name: 'x', timeNano: -1n }, () => null)
    expect(e.time.getTime()).toBe(-1)
  })
})
