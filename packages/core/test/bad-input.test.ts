// FND-5: every bad input of the foundation yields its typed error with a stable code and a
// message that names the problem and the fix — at every entry point that takes it.
import {
  CodecRegistry,
  type ErrorCode,
  type Event,
  isGoesError,
  MemoryBus,
  MemoryStore,
  NIL_UUID,
  newEvent,
  uuid,
  validateQuery,
} from '../src/index.js'

async function codeOf(fn: () => unknown): Promise<{ code: unknown; message: string }> {
  try {
    await fn()
  } catch (err) {
    expect(isGoesError(err)).toBe(true)
    return { code: (err as { code: unknown }).code, message: (err as Error).message }
  }
  throw new Error('expected a typed error, but the call succeeded')
}

const good = () => newEvent('todo.added', { title: 'milk' }, { aggregate: { name: 'todo', id: uuid(), version: 1 } })
/** A hand-built event that skips newEvent's checks, as a caller's own objects would. */
const raw = (patch: Partial<Record<keyof Event, unknown>>): Event => ({ ...good(), ...patch }) as Event

const badEvents: [string, () => Event, ErrorCode, RegExp][] = [
  ['an empty name', () => raw({ name: '' }), 'INVALID_NAME', /empty/],
  ['a name with a control character', () => raw({ name: 'a\nb' }), 'INVALID_NAME', /control character/],
  ['a name of only "*"', () => raw({ name: '*' }), 'INVALID_NAME', /wildcard/],
  ['a nil event id', () => raw({ id: NIL_UUID }), 'NIL_UUID', /uuid\(\)/],
  ['a malformed event id', () => raw({ id: 'not-a-uuid' }), 'INVALID_UUID', /uuid\(\)/],
  [
    'a nil aggregate id',
    () => raw({ aggregate: { name: 'todo', id: NIL_UUID, version: 1 } }),
    'NIL_UUID',
    /aggregate id/,
  ],
  [
    'an aggregate version 0',
    () => raw({ aggregate: { name: 'todo', id: uuid(), version: 0 } }),
    'INVALID_VERSION',
    /version 1/,
  ],
  ['an empty aggregate name', () => raw({ aggregate: { name: '', id: uuid(), version: 1 } }), 'INVALID_NAME', /empty/],
  ['a time that is not a bigint', () => raw({ timeNano: 5 }), 'INVALID_TIME', /newEvent/],
]

describe('FND-5: bad input yields typed errors', () => {
  describe.each(badEvents)('FND-5: %s', (_what, make, code, fix) => {
    it(`FND-5: MemoryStore.insert rejects it with ${code} and stores nothing of the batch`, async () => {
      const store = new MemoryStore()
      const ok = good()
      const err = await codeOf(() => store.insert([ok, make()]))
      expect(err.code).toBe(code)
      expect(err.message).toMatch(fix)
      expect(store.size).toBe(0)
    })

    it(`FND-5: MemoryBus.publish rejects it with ${code} and delivers nothing of the batch`, async () => {
      for (const bus of [new MemoryBus(), new MemoryBus({ codecs: new CodecRegistry({ unknownNames: 'json' }) })]) {
        const sub = await bus.subscribe('*')
        const err = await codeOf(() => bus.publish([good(), make()]))
        expect(err.code).toBe(code)
        const after = good()
        await bus.publish([after])
        const first = await sub[Symbol.asyncIterator]().next()
        expect(first.value?.id).toBe(after.id) // nothing of the bad batch came through
        await sub.close()
      }
    })
  })

  it('FND-5: newEvent rejects empty and invalid names, nil and malformed ids, bad versions and times', async () => {
    const id = uuid()
    expect((await codeOf(() => newEvent('', 1))).code).toBe('INVALID_NAME')
    expect((await codeOf(() => newEvent(' padded', 1))).code).toBe('INVALID_NAME')
    expect((await codeOf(() => newEvent('x'.repeat(300), 1))).code).toBe('INVALID_NAME')
    expect((await codeOf(() => newEvent('a', 1, { id: NIL_UUID }))).code).toBe('NIL_UUID')
    expect((await codeOf(() => newEvent('a', 1, { id: '123' }))).code).toBe('INVALID_UUID')
    expect((await codeOf(() => newEvent('a', 1, { aggregate: { name: 'x', id, version: 1.5 } }))).code).toBe(
      'INVALID_VERSION',
    )
    expect((await codeOf(() => newEvent('a', 1, { time: new Date(Number.NaN) }))).code).toBe('INVALID_TIME')
  })

  it('FND-5: subscribing to bad names is a typed error', async () => {
    const bus = new MemoryBus()
    expect((await codeOf(() => bus.subscribe([]))).code).toBeDefined()
    expect((await codeOf(() => bus.subscribe(['']))).code).toBe('INVALID_NAME')
    expect((await codeOf(() => bus.subscribe(['a', '*']))).code).toBe('INVALID_NAME')
  })

  it('FND-5: finding a nil or unknown id is a typed error', async () => {
    const store = new MemoryStore()
    expect((await codeOf(() => store.find(uuid()))).code).toBe('NOT_FOUND')
    expect(['NIL_UUID', 'NOT_FOUND']).toContain((await codeOf(() => store.find(NIL_UUID))).code)
  })

  it('FND-5: data the codec cannot encode is rejected at publish, nothing delivered', async () => {
    const bus = new MemoryBus({ codecs: new CodecRegistry({ unknownNames: 'json' }) })
    const err = await codeOf(() => bus.publish([newEvent('a', { at: new Map() })]))
    expect(err.code).toBe('ENCODE_FAILED')
    expect(err.message).toMatch(/Map/)
  })

  it('FND-5: an unknown name is rejected by a strict registry, at publish and on decode', async () => {
    const bus = new MemoryBus({ codecs: new CodecRegistry() })
    const err = await codeOf(() => bus.publish([newEvent('never.registered', 1)]))
    expect(err.code).toBe('UNKNOWN_NAME')
    expect(err.message).toMatch(/register/)
  })

  it('FND-5: contradictory or malformed query filters are INVALID_QUERY naming the field', async () => {
    const cases: [unknown, RegExp][] = [
      [{ aggregateVersions: { min: 5, max: 2 } }, /aggregateVersions/],
      [{ times: { ranges: [[10n, 1n]] } }, /times/],
      [{ names: [] }, /names/],
      [{ name: ['a'] }, /names/],
      [{ sort: [{ by: 'colour', dir: 'asc' }] }, /sort/],
      [{ aggregateIds: [NIL_UUID] }, /aggregateIds/],
    ]
    for (const [q, field] of cases) {
      const err = await codeOf(() => validateQuery(q))
      expect(err.code).toBe('INVALID_QUERY')
      expect(err.message).toMatch(field)
    }
    const store = new MemoryStore()
    const err = await codeOf(async () => {
      for await (const _ of store.query({ aggregateVersions: { min: 5, max: 2 } })) break
    })
    expect(err.code).toBe('INVALID_QUERY')
  })
})
