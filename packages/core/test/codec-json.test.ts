import { jsonCodec, jsonCodecWith } from '../src/codec/index.js'
import { type GoesError, isGoesError } from '../src/errors/index.js'

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes)

function encodeError(data: unknown): GoesError {
  try {
    jsonCodec.encode(data)
  } catch (err) {
    if (isGoesError(err, 'ENCODE_FAILED')) return err
    throw err
  }
  throw new Error('expected ENCODE_FAILED')
}

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

describe('jsonCodec', () => {
  it('round-trips plain data', () => {
    const data = { a: 1, b: 'ü', c: [true, null, { d: -0.5 }], e: {}, f: [], nested: { deep: [[1], [2]] } }
    expect(jsonCodec.decode(jsonCodec.encode(data))).toEqual(data)
    for (const v of [0, 'x', '', null, false, [], {}]) expect(jsonCodec.decode(jsonCodec.encode(v))).toEqual(v)
  })

  it('encodes undefined as zero bytes and decodes zero bytes as undefined', () => {
    expect(jsonCodec.encode(undefined).length).toBe(0)
    expect(jsonCodec.decode(new Uint8Array(0))).toBeUndefined()
  })

  it('turns Dates into ISO strings, and a reviving codec turns them back', () => {
    const at = new Date('2024-05-06T07:08:09.010Z')
    const bytes = jsonCodec.encode({ at })
    expect(text(bytes)).toBe('{"at":"2024-05-06T07:08:09.010Z"}')
    expect(jsonCodec.decode(bytes)).toEqual({ at: at.toISOString() })
    const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/
    const dated = jsonCodecWith({
      reviver: (_k, v) => (typeof v === 'string' && iso.test(v) ? new Date(v) : v),
    })
    expect(dated.decode(bytes)).toEqual({ at })
  })

  it('leaves out properties that are undefined, like JSON', () => {
    expect(text(jsonCodec.encode({ a: undefined, b: 1 }))).toBe('{"b":1}')
  })

  it('accepts plain objects, arrays and dates of another realm (structuredClone under jest)', () => {
    const at = new Date(7)
    const foreign = structuredClone({ a: [1, { b: 2 }], at })
    expect(jsonCodec.decode(jsonCodec.encode(foreign))).toEqual({ a: [1, { b: 2 }], at: at.toISOString() })
    expect(encodeError(structuredClone({ m: new Map() })).message).toMatch(/data\.m is a Map/)
    expect(encodeError(structuredClone({ d: new Date(Number.NaN) })).message).toMatch(/data\.d is an invalid Date/)
    const fake = { [Symbol.toStringTag]: 'Date' }
    expect(encodeError({ fake: Object.setPrototypeOf(fake, { constructor: Object }) }).message).toMatch(/data\.fake/)
  })

  it('accepts objects without a prototype', () => {
    const o = Object.create(null) as Record<string, unknown>
    o.x = 1
    expect(jsonCodec.decode(jsonCodec.encode(o))).toEqual({ x: 1 })
  })

  const cases: [string, unknown, RegExp, RegExp][] = [
    ['a function', { f: () => 1 }, /data\.f\b.*function/, /Remove it/],
    ['a symbol', { s: Symbol('x') }, /data\.s\b.*symbol/, /Convert it to a string/],
    ['a bigint', { n: 10n }, /data\.n\b.*bigint 10n/, /toString\(\)/],
    ['a Map', { m: new Map() }, /data\.m\b.*Map/, /Object\.fromEntries/],
    ['a Set', { tags: new Set(['a']) }, /data\.tags\b.*Set/, /\[\.\.\.set\]/],
    ['NaN', { n: Number.NaN }, /data\.n\b.*NaN/, /null or a string/],
    ['Infinity', [1, Number.POSITIVE_INFINITY], /data\[1\].*Infinity/, /null or a string/],
    ['-Infinity', { n: Number.NEGATIVE_INFINITY }, /data\.n\b.*-Infinity/, /null or a string/],
    ['a class instance', { p: new Point(1, 2) }, /data\.p\b.*instance of Point/, /plain object/],
    ['binary data', { b: new Uint8Array(2) }, /data\.b\b.*binary/, /base64/],
    ['an invalid Date', { at: new Date(Number.NaN) }, /data\.at\b.*invalid Date/, /valid Date/],
    ['undefined in an array', { xs: [1, undefined] }, /data\.xs\[1\].*undefined/, /null/],
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point
    ['an array hole', { xs: [1, , 3] }, /data\.xs\[1\].*hole/, /null/],
    ['a top-level function', () => 1, /Cannot encode the data as JSON: data is a function/, /Remove it/],
    ['a quoted key', { 'a-b': [{ c: 1n }] }, /data\["a-b"\]\[0\]\.c\b/, /toString/],
  ]
  it.each(cases)('rejects %s with ENCODE_FAILED naming the path and the fix', (_what, data, problem, fix) => {
    const err = encodeError(data)
    expect(err.message).toMatch(problem)
    expect(err.message).toMatch(fix)
    expect(err.message).toMatch(/register a custom codec/)
  })

  it('names the path deep inside data, e.g. data.items[2].at', () => {
    const items = [{ at: 1 }, { at: 2 }, { at: new Map() }]
    expect(encodeError({ items }).message).toMatch(/data\.items\[2\]\.at is a Map/)
  })

  it('rejects cycles, naming both ends', () => {
    const a: Record<string, unknown> = { b: { c: [] } }
    ;((a.b as Record<string, unknown>).c as unknown[]).push(a)
    const err = encodeError(a)
    expect(err.message).toMatch(/data\.b\.c\[0\] is a reference back to data \(a cycle\)/)
    const self: unknown[] = []
    self.push(self)
    expect(encodeError({ list: self }).message).toMatch(/data\.list\[0\].*back to data\.list/)
  })

  it('accepts shared (non-cyclic) references and deep but finite nesting', () => {
    const shared = { x: 1 }
    expect(jsonCodec.decode(jsonCodec.encode([shared, shared]))).toEqual([{ x: 1 }, { x: 1 }])
    let deep: unknown = 'leaf'
    for (let i = 0; i < 500; i++) deep = { d: deep }
    expect(jsonCodec.decode(jsonCodec.encode(deep))).toEqual(deep)
  })

  it('fails with ENCODE_FAILED, not a crash, on absurdly deep data', () => {
    let deep: unknown = 1
    for (let i = 0; i < 200_000; i++) deep = [deep]
    expect(encodeError(deep).message).toMatch(/nested too deeply/)
  })

  it('rejects bytes that are not UTF-8 JSON with DECODE_FAILED', () => {
    const bad = [new Uint8Array([0xff, 0xfe]), new TextEncoder().encode('{"a":'), new TextEncoder().encode('nope')]
    for (const bytes of bad) {
      let err: unknown
      try {
        jsonCodec.decode(bytes)
      } catch (e) {
        err = e
      }
      expect(isGoesError(err, 'DECODE_FAILED')).toBe(true)
      expect((err as Error).message).toMatch(/Cannot decode \d+ bytes as JSON/)
    }
  })

  it('FND-5: random bytes only ever decode or throw DECODE_FAILED (seeded fuzz)', () => {
    let seed = 42
    const rnd = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      return seed / 2 ** 32
    }
    const alphabet = new TextEncoder().encode('{}[]",:0123456789.eE+-truefalsnl \\u\xff')
    for (let round = 0; round < 20_000; round++) {
      const bytes = new Uint8Array(Math.floor(rnd() * 24))
      for (let i = 0; i < bytes.length; i++) {
        bytes[i] = rnd() < 0.8 ? alphabet[Math.floor(rnd() * alphabet.length)]! : Math.floor(rnd() * 256)
      }
      try {
        jsonCodec.decode(bytes)
      } catch (err) {
        if (!isGoesError(err, 'DECODE_FAILED')) throw err
      }
    }
  })
})
