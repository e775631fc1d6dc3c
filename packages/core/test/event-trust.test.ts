// Events from newEvent() and decodeEnvelope() are frozen and trusted: assertEvent, stores and
// buses skip re-checking them. These tests pin down that the shortcut can never let an invalid
// envelope through: copies, look-alikes, proxies and unvalidated lazy events are all checked.

import { decodeEnvelope, encodeEnvelope, lazyEvent } from '../src/backend/index.js'
import {
  assertEvent,
  CodecRegistry,
  type Event,
  isDataDecoded,
  isGoesError,
  MemoryBus,
  MemoryStore,
  NIL_UUID,
  newEvent,
  uuid,
} from '../src/index.js'

const aggregate = () => ({ name: 'trust.list', id: uuid(), version: 1 })

function codeOf(fn: () => void): string | undefined {
  try {
    fn()
  } catch (err) {
    return isGoesError(err) ? err.code : `untyped: ${String(err)}`
  }
  return undefined
}

async function rejection(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p
  } catch (err) {
    return isGoesError(err) ? err.code : `untyped: ${String(err)}`
  }
  return undefined
}

describe('trusted events', () => {
  it('newEvent freezes the event and its aggregate ref, but not the data', () => {
    const data = { title: 'milk' }
    const e = newEvent('trust.added', data, { aggregate: aggregate() })
    expect(Object.isFrozen(e)).toBe(true)
    expect(Object.isFrozen(e.aggregate)).toBe(true)
    expect(Object.isFrozen(e.data)).toBe(false)
    expect(e.data).toBe(data)
    expect(() => {
      ;(e as { name: string }).name = ''
    }).toThrow(TypeError)
    expect(() => {
      ;(e.aggregate as { version: number }).version = 0
    }).toThrow(TypeError)
    expect(e.name).toBe('trust.added')
  })

  it('newEvent copies the aggregate ref it is given, leaving the caller’s object unfrozen', () => {
    const ref = aggregate()
    const e = newEvent('trust.added', null, { aggregate: ref })
    expect(e.aggregate).not.toBe(ref)
    expect(Object.isFrozen(ref)).toBe(false)
  })

  it('a spread copy is not trusted: an invalid field in it is caught everywhere', async () => {
    const e = newEvent('trust.added', null, { aggregate: aggregate() })
    const copies: [Event, string][] = [
      [{ ...e, name: '' }, 'INVALID_NAME'],
      [{ ...e, id: NIL_UUID }, 'NIL_UUID'],
      [{ ...e, aggregate: { ...e.aggregate!, version: 0 } }, 'INVALID_VERSION'],
    ]
    for (const [bad, code] of copies) {
      expect(codeOf(() => assertEvent(bad))).toBe(code)
      const store = new MemoryStore()
      await expect(rejection(store.insert([bad]))).resolves.toBe(code)
      expect(store.size).toBe(0)
      await expect(rejection(new MemoryBus().publish([bad]))).resolves.toBe(code)
    }
    const nilAggregate = { ...e, aggregate: { ...e.aggregate!, id: NIL_UUID } }
    expect(() => assertEvent(nilAggregate)).toThrow(/aggregate id of event "trust.added"/)
  })

  it('an object inheriting from a trusted event, or a proxy of one, is checked like any other', () => {
    const e = newEvent('trust.added', null)
    const heir = Object.create(e, { id: { value: 'not-a-uuid', enumerable: true } }) as Event
    expect(codeOf(() => assertEvent(heir))).toBe('INVALID_UUID')
    // A proxy is never trusted itself; a faithful one is valid and passes the full check, and
    // one that lies about a field cannot even be read: the target is frozen, and the engine
    // enforces that a proxy reports a frozen target's fields as they are.
    expect(codeOf(() => assertEvent(new Proxy(e, {})))).toBeUndefined()
    const liar = new Proxy(e, { get: (t, k) => (k === 'name' ? '*' : Reflect.get(t, k)) })
    expect(() => liar.name).toThrow(TypeError)
    const looseLiar = new Proxy({ ...e }, { get: (t, k) => (k === 'name' ? '*' : Reflect.get(t, k)) })
    expect(codeOf(() => assertEvent(looseLiar))).toBe('INVALID_NAME')
  })

  it('lazyEvent() checks nothing, so its events are not trusted', async () => {
    const bad = lazyEvent({ id: 'nope', name: 'trust.added', timeNano: 1n }, () => null)
    expect(codeOf(() => assertEvent(bad))).toBe('INVALID_UUID')
    await expect(rejection(new MemoryStore().insert([bad]))).resolves.toBe('INVALID_UUID')
    expect(Object.isFrozen(lazyEvent({ id: uuid(), name: 'trust.added', timeNano: 1n }, () => null))).toBe(false)
  })

  it('decodeEnvelope events are frozen and still decode their data lazily, once', async () => {
    const codecs = new CodecRegistry()
    let decodes = 0
    codecs.register('trust.added', {
      codec: {
        encode: (d: unknown) => new TextEncoder().encode(JSON.stringify(d)),
        decode: (b: Uint8Array) => {
          decodes++
          return JSON.parse(new TextDecoder().decode(b))
        },
      },
    })
    const original = newEvent('trust.added', { n: 1 }, { aggregate: aggregate() })
    const decoded = decodeEnvelope(encodeEnvelope(original, codecs), codecs)
    expect(Object.isFrozen(decoded)).toBe(true)
    expect(Object.isFrozen(decoded.aggregate)).toBe(true)
    expect(isDataDecoded(decoded)).toBe(false)
    // Stored and published as is, without a decode.
    const store = new MemoryStore()
    await store.insert([decoded])
    await new MemoryBus().publish([decoded])
    expect(decodes).toBe(0)
    expect(decoded.data).toEqual({ n: 1 })
    expect(decoded.data).toEqual({ n: 1 })
    expect(decodes).toBe(1)
    expect(await store.find(original.id)).toBe(decoded)
  })
})
