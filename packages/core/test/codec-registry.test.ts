import type { StandardSchemaV1 } from '@standard-schema/spec'
import { z } from 'zod'
import {
  type Codec,
  type CodecRegistrations,
  CodecRegistry,
  type InferEventMap,
  jsonCodec,
} from '../src/codec/index.js'
import { type ErrorCode, isGoesError } from '../src/errors/index.js'

function thrown(fn: () => unknown, code: ErrorCode): Error {
  let err: unknown
  try {
    fn()
  } catch (e) {
    err = e
  }
  if (!isGoesError(err, code)) throw new Error(`expected ${code}, got ${String(err)}`)
  return err
}

const utf8: Codec<string> = {
  encode: (s) => new TextEncoder().encode(s),
  decode: (b) => new TextDecoder().decode(b),
}

describe('CodecRegistry', () => {
  it('encodes and decodes registered names with JSON by default', () => {
    const codecs = new CodecRegistry().register('todo.added')
    expect(codecs.has('todo.added')).toBe(true)
    expect(codecs.has('todo.removed')).toBe(false)
    expect(codecs.decode('todo.added', codecs.encode('todo.added', { title: 'milk' }))).toEqual({ title: 'milk' })
  })

  it('uses a custom codec, and re-registering replaces it', () => {
    const codecs = new CodecRegistry().register('raw', { codec: utf8 })
    expect(new TextDecoder().decode(codecs.encode('raw', 'plain text'))).toBe('plain text')
    expect(codecs.decode('raw', codecs.encode('raw', 'x'))).toBe('x')
    codecs.register('raw')
    expect(new TextDecoder().decode(codecs.encode('raw', 'x'))).toBe('"x"')
  })

  it('FND-5: a strict registry rejects unknown names with UNKNOWN_NAME and says how to register', () => {
    const codecs = new CodecRegistry()
    for (const fn of [() => codecs.encode('todo.added', 1), () => codecs.decode('todo.added', new Uint8Array())]) {
      expect(thrown(fn, 'UNKNOWN_NAME').message).toMatch(/"todo\.added".*codecs\.register\('todo\.added'\)/)
    }
  })

  it("falls back to JSON for unknown names with { unknownNames: 'json' }", () => {
    const codecs = new CodecRegistry({ unknownNames: 'json' })
    expect(codecs.unknownNames).toBe('json')
    expect(codecs.has('x')).toBe(false)
    expect(codecs.decode('x', codecs.encode('x', [1, 2]))).toEqual([1, 2])
  })

  it('rejects an invalid option and an invalid name', () => {
    expect(thrown(() => new CodecRegistry({ unknownNames: 'yes' as 'json' }), 'INVALID_OPTION').message).toMatch(
      /unknownNames/,
    )
    expect(() => new CodecRegistry().register('')).toThrow(expect.objectContaining({ code: 'INVALID_NAME' }))
    expect(() => new CodecRegistry().register('*')).toThrow(expect.objectContaining({ code: 'INVALID_NAME' }))
  })

  it('FND-5: data the codec cannot encode is ENCODE_FAILED naming the name and the path, with the cause', () => {
    const codecs = new CodecRegistry().register('todo.added')
    const err = thrown(() => codecs.encode('todo.added', { at: [0, 1n] }), 'ENCODE_FAILED')
    expect(err.message).toMatch(/"todo\.added".*data\.at\[1\].*bigint/)
    expect(isGoesError(err.cause, 'ENCODE_FAILED')).toBe(true)
  })

  it('wraps errors of custom codecs as ENCODE_FAILED / DECODE_FAILED with the cause', () => {
    const boom = new Error('boom')
    const broken: Codec = {
      encode: () => {
        throw boom
      },
      decode: () => {
        throw boom
      },
    }
    const codecs = new CodecRegistry().register('x', { codec: broken })
    const enc = thrown(() => codecs.encode('x', 1), 'ENCODE_FAILED')
    expect(enc.message).toMatch(/"x": boom/)
    expect(enc.cause).toBe(boom)
    const dec = thrown(() => codecs.decode('x', new Uint8Array([1])), 'DECODE_FAILED')
    expect(dec.message).toMatch(/"x": boom/)
    expect(dec.cause).toBe(boom)
  })

  it('FND-5: bytes that are not JSON are DECODE_FAILED naming the name', () => {
    const codecs = new CodecRegistry().register('todo.added')
    const err = thrown(() => codecs.decode('todo.added', new Uint8Array([0x7b])), 'DECODE_FAILED')
    expect(err.message).toMatch(/"todo\.added"/)
  })

  describe('schemas (Standard Schema, zod 4)', () => {
    const schema = z.object({ title: z.string().min(1), items: z.array(z.object({ qty: z.number().int() })) })
    const codecs = new CodecRegistry().register('order.placed', { schema })

    it('returns validated data', () => {
      const data = { title: 'milk', items: [{ qty: 2 }] }
      expect(codecs.decode('order.placed', jsonCodec.encode(data))).toEqual(data)
    })

    it("returns the schema's output value (transforms apply)", () => {
      const dated = new CodecRegistry().register('due', { schema: z.object({ at: z.coerce.date() }) })
      const out = dated.decode('due', dated.encode('due', { at: new Date(5) })) as { at: Date }
      expect(out.at).toBeInstanceOf(Date)
      expect(out.at.getTime()).toBe(5)
    })

    it('FND-5: invalid data is VALIDATION_FAILED listing every issue path and message', () => {
      const bytes = jsonCodec.encode({ title: '', items: [{ qty: 1 }, { qty: 1.5 }] })
      const err = thrown(() => codecs.decode('order.placed', bytes), 'VALIDATION_FAILED')
      expect(err.message).toMatch(/"order\.placed"/)
      expect(err.message).toMatch(/data\.title: /)
      expect(err.message).toMatch(/data\.items\[1\]\.qty: /)
      expect(Array.isArray(err.cause)).toBe(true)
    })

    it('FND-5: an async schema is VALIDATION_FAILED explaining that decoding is synchronous', () => {
      const asyncSchema = z.object({ a: z.number() }).refine(async () => true)
      const reg = new CodecRegistry().register('a', { schema: asyncSchema })
      const err = thrown(() => reg.decode('a', jsonCodec.encode({ a: 1 })), 'VALIDATION_FAILED')
      expect(err.message).toMatch(/asynchronously.*synchronous schema/)
    })

    it('a hand-written Standard Schema works, and one that throws is VALIDATION_FAILED', () => {
      const even: StandardSchemaV1<unknown, number> = {
        '~standard': {
          version: 1,
          vendor: 'test',
          validate: (v) =>
            typeof v === 'number' && v % 2 === 0
              ? { value: v }
              : { issues: [{ message: 'must be even', path: [{ key: 'n' }, 'weird key', Symbol('s')] }] },
        },
      }
      const reg = new CodecRegistry().register('n', { schema: even })
      expect(reg.decode('n', jsonCodec.encode(4))).toBe(4)
      expect(thrown(() => reg.decode('n', jsonCodec.encode(3)), 'VALIDATION_FAILED').message).toMatch(
        /data\.n\["weird key"\]\[Symbol\(s\)\]: must be even/,
      )
      const throwing: StandardSchemaV1 = {
        '~standard': {
          version: 1,
          vendor: 'test',
          validate: () => {
            throw new Error('bad schema')
          },
        },
      }
      reg.register('t', { schema: throwing })
      expect(thrown(() => reg.decode('t', jsonCodec.encode(1)), 'VALIDATION_FAILED').message).toMatch(/bad schema/)
    })
  })

  describe('registerAll', () => {
    type TodoEvents = {
      'todo.task_added': { title: string }
      'todo.task_removed': { title: string }
      'todo.note': string
    }

    it('registers a whole event map in one typed call', () => {
      const codecs = new CodecRegistry().registerAll<TodoEvents>({
        'todo.task_added': { schema: z.object({ title: z.string() }) },
        'todo.task_removed': {},
        'todo.note': { codec: utf8 },
      })
      expect(['todo.task_added', 'todo.task_removed', 'todo.note'].every((n) => codecs.has(n))).toBe(true)
      expect(codecs.decode('todo.note', codecs.encode('todo.note', 'hi'))).toBe('hi')
      expect(() => codecs.decode('todo.task_added', jsonCodec.encode({ title: 1 }))).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      )
    })

    it('is checked by the compiler: missing names, extra names and mismatched schemas do not compile', () => {
      const codecs = new CodecRegistry()
      // @ts-expect-error 'todo.note' is missing
      codecs.registerAll<TodoEvents>({ 'todo.task_added': {}, 'todo.task_removed': {} })
      codecs.registerAll<TodoEvents>({
        'todo.task_added': {},
        'todo.task_removed': {},
        'todo.note': {},
        // @ts-expect-error not an event of TodoEvents
        'todo.other': {},
      })
      codecs.registerAll<TodoEvents>({
        // @ts-expect-error the schema's output is not { title: string }
        'todo.task_added': { schema: z.object({ name: z.string() }) },
        'todo.task_removed': {},
        'todo.note': {},
      })
      // A registration table can be declared apart and checked with `satisfies`.
      const table = {
        'todo.task_added': {},
        'todo.task_removed': {},
        'todo.note': { codec: utf8 },
      } satisfies CodecRegistrations<TodoEvents>
      expect(new CodecRegistry().registerAll<TodoEvents>(table).has('todo.note')).toBe(true)
    })
  })
})

describe('InferEventMap', () => {
  it('derives the event map from a table of schemas and codecs', () => {
    const utf8Codec: Codec<string> = {
      encode: (s) => new TextEncoder().encode(s),
      decode: (b) => new TextDecoder().decode(b),
    }
    const table = {
      'todo.task_added': { schema: z.object({ title: z.string(), due: z.coerce.date().optional() }) },
      'todo.note': { codec: utf8Codec },
      'todo.cleared': {},
    } satisfies CodecRegistrations
    type Todo = InferEventMap<typeof table>
    const added: Todo['todo.task_added'] = { title: 'milk', due: new Date() }
    const note: Todo['todo.note'] = 'hello'
    const cleared: Todo['todo.cleared'] = Symbol('anything goes')
    // @ts-expect-error title must be a string
    const wrong: Todo['todo.task_added'] = { title: 1 }
    void [added, note, cleared, wrong]
    const codecs = new CodecRegistry().registerAll<Todo>(table)
    expect(codecs.decode('todo.note', codecs.encode('todo.note', note))).toBe('hello')
    const out = codecs.decode('todo.task_added', codecs.encode('todo.task_added', added)) as Todo['todo.task_added']
    expect(out.due).toBeInstanceOf(Date)
  })
})

describe('CodecRegistry.isJson and validate (for stores that keep JSON data natively)', () => {
  const bytesCodec = {
    encode: (d: unknown) => new TextEncoder().encode(String(d)),
    decode: (b: Uint8Array) => new TextDecoder().decode(b),
  }

  it('isJson is true for the default JSON codec, false for custom codecs and strict unknown names', () => {
    const codecs = new CodecRegistry()
      .register('a.json')
      .register('a.explicit', { codec: jsonCodec })
      .register('a.custom', { codec: bytesCodec })
    expect(codecs.isJson('a.json')).toBe(true)
    expect(codecs.isJson('a.explicit')).toBe(true)
    expect(codecs.isJson('a.custom')).toBe(false)
    expect(codecs.isJson('a.unknown')).toBe(false)
    expect(new CodecRegistry({ unknownNames: 'json' }).isJson('a.unknown')).toBe(true)
  })

  it('validate runs the schema as decode does and returns its output', () => {
    const schema = z.object({ n: z.coerce.number() })
    const codecs = new CodecRegistry().register('a.s', { schema }).register('a.plain')
    expect(codecs.validate('a.s', { n: '4' })).toEqual({ n: 4 })
    expect(codecs.validate('a.s', { n: '4' })).toEqual(codecs.decode('a.s', codecs.encode('a.s', { n: '4' })))
    const plain = { x: 1 }
    expect(codecs.validate('a.plain', plain)).toBe(plain)
    expect(() => codecs.validate('a.s', { n: 'nope' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }))
    expect(() => codecs.validate('a.missing', {})).toThrow(expect.objectContaining({ code: 'UNKNOWN_NAME' }))
  })
})
