import {
  CodecRegistry,
  decodeEnvelope,
  ENVELOPE_VERSION,
  encodeEnvelope,
  isDataDecoded,
  jsonCodec,
} from '../src/codec/index.js'
import { type ErrorCode, isGoesError } from '../src/errors/index.js'
import { type Event, eventsEqual, newEvent } from '../src/event/index.js'
import { uuid } from '../src/uuid/index.js'

function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (err) {
    return err
  }
  throw new Error('expected an error')
}

function expectCode(fn: () => unknown, code: ErrorCode, message?: RegExp): void {
  const err = thrown(fn)
  if (!isGoesError(err, code)) throw new Error(`expected ${code}, got ${String(err)}`)
  if (message !== undefined) expect(err.message).toMatch(message)
}

// A small deterministic PRNG (mulberry32), so fuzz failures reproduce.
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const codecs = new CodecRegistry({ unknownNames: 'json' })
const aggregate = { name: 'todo.list', id: uuid(), version: 7 }
const samples: [string, Event][] = [
  ['no aggregate', newEvent('todo.added', { title: 'milk' })],
  ['an aggregate', newEvent('todo.added', { title: 'milk' }, { aggregate })],
  ['undefined data', newEvent('todo.cleared', undefined, { aggregate })],
  ['a unicode name', newEvent('tâche.ajoutée 🎉', { t: 'ünï' }, { aggregate: { ...aggregate, name: '列表 ✓' } })],
  ['a time before 1970', newEvent('old', 1, { time: -123_456_789_000n })],
  [
    'uppercase ids',
    newEvent('x', 1, { id: uuid().toUpperCase(), aggregate: { ...aggregate, id: uuid().toUpperCase() } }),
  ],
  ['a huge version', newEvent('x', 1, { aggregate: { ...aggregate, version: Number.MAX_SAFE_INTEGER } })],
  ['big data', newEvent('big', { rows: Array.from({ length: 20_000 }, (_, i) => ({ i, s: `row ${i}` })) })],
]

describe('envelope', () => {
  it.each(samples)('round-trips an event with %s', (_what, event) => {
    const bytes = encodeEnvelope(event, codecs)
    expect(bytes[0]).toBe(ENVELOPE_VERSION)
    const back = decodeEnvelope(bytes, codecs)
    expect(isDataDecoded(back)).toBe(false)
    expect(eventsEqual(back, event)).toBe(true)
    expect(back).toEqual(event)
  })

  it('is compact: a canonical event carries ids as 16 bytes', () => {
    const e = newEvent('a', undefined, { aggregate: { name: 'b', id: uuid(), version: 1 } })
    // 2 (version, flags) + 16 + 2 + 8 + 2 + 16 + 1 + 1 (data length 0)
    expect(encodeEnvelope(e, codecs).length).toBe(48)
  })

  it('keeps the data bytes as a view of the message (no copy) and decodes them lazily through the registry', () => {
    let decodes = 0
    const counting = new CodecRegistry().register('x', {
      codec: {
        encode: (d) => jsonCodec.encode(d),
        decode: (b) => {
          decodes++
          expect(b.buffer).toBe(bytes.buffer)
          return jsonCodec.decode(b)
        },
      },
    })
    const bytes = encodeEnvelope(newEvent('x', { a: 1 }), counting)
    const e = decodeEnvelope(bytes, counting)
    expect(decodes).toBe(0)
    expect(e.data).toEqual({ a: 1 })
    expect(e.data).toEqual({ a: 1 })
    expect(decodes).toBe(1)
  })

  it('keeps thousands of small envelopes intact although they share buffers', () => {
    const events = Array.from({ length: 3000 }, (_, i) =>
      newEvent(`n${i % 7}`, { i, pad: 'x'.repeat(i % 50) }, { aggregate: { ...aggregate, version: i + 1 } }),
    )
    const envelopes = events.map((e) => encodeEnvelope(e, codecs))
    const shared = new Set(envelopes.map((b) => b.buffer))
    expect(shared.size).toBeLessThan(envelopes.length) // pooled…
    envelopes[0]!.fill(0) // …yet writing one touches no other
    for (let i = 1; i < events.length; i++)
      expect(eventsEqual(decodeEnvelope(envelopes[i]!, codecs), events[i]!)).toBe(true)
  })

  it('decodes a Node Buffer', () => {
    const e = newEvent('x', 'ü', { aggregate })
    expect(eventsEqual(decodeEnvelope(Buffer.from(encodeEnvelope(e, codecs)), codecs), e)).toBe(true)
  })

  it('decodes an envelope that sits at an odd offset inside a larger buffer', () => {
    const e = newEvent('x', { a: [1, 2, 3] }, { aggregate })
    const bytes = encodeEnvelope(e, codecs)
    const host = new Uint8Array(bytes.length + 7)
    host.set(bytes, 3)
    expect(eventsEqual(decodeEnvelope(host.subarray(3, 3 + bytes.length), codecs), e)).toBe(true)
  })

  it('forwards an event whose data was never read without decoding or re-encoding it', () => {
    let decodes = 0
    let encodes = 0
    const counting = new CodecRegistry().register('x', {
      codec: {
        encode: (d) => {
          encodes++
          return jsonCodec.encode(d)
        },
        decode: (b) => {
          decodes++
          return jsonCodec.decode(b)
        },
      },
    })
    const original = newEvent('x', { a: 1 }, { aggregate })
    const hop1 = decodeEnvelope(encodeEnvelope(original, counting), counting)
    const hop2 = decodeEnvelope(encodeEnvelope(hop1, counting), counting)
    expect([encodes, decodes]).toEqual([1, 0])
    expect(eventsEqual(hop2, original)).toBe(true)
    expect([encodes, decodes]).toEqual([1, 1])
    // Once read, or for another registry, the data is encoded again.
    encodeEnvelope(hop1, counting)
    expect(encodes).toBe(1) // hop1 was never read
    void hop1.data
    encodeEnvelope(hop1, counting)
    expect(encodes).toBe(2)
    const other = new CodecRegistry().register('x')
    const hop3 = decodeEnvelope(encodeEnvelope(original, counting), counting)
    expect(eventsEqual(decodeEnvelope(encodeEnvelope(hop3, other), other), original)).toBe(true)
    expect(isDataDecoded(hop3)).toBe(true)
  })

  it('FND-5: a name a strict registry lacks is UNKNOWN_NAME on decode, before any data decoding', () => {
    const bytes = encodeEnvelope(newEvent('todo.added', 1), codecs)
    expectCode(() => decodeEnvelope(bytes, new CodecRegistry()), 'UNKNOWN_NAME', /codecs\.register\('todo\.added'\)/)
  })

  it('surfaces decode and validation errors on the first read of data, typed', () => {
    const sender = new CodecRegistry().register('n')
    const receiver = new CodecRegistry().register('n', {
      schema: { '~standard': { version: 1, vendor: 't', validate: () => ({ issues: [{ message: 'nope' }] }) } },
    })
    const e = decodeEnvelope(encodeEnvelope(newEvent('n', 1), sender), receiver)
    expectCode(() => e.data, 'VALIDATION_FAILED', /data: nope/)
  })

  it('rejects events it cannot carry, with typed errors', () => {
    expectCode(() => encodeEnvelope(newEvent('x', 1, { time: 2n ** 63n }), codecs), 'INVALID_TIME', /64-bit/)
    expectCode(() => encodeEnvelope({ ...newEvent('x', 1), name: '' }, codecs), 'INVALID_NAME')
    expectCode(() => encodeEnvelope(newEvent('bad\ud800name', 1), codecs), 'INVALID_NAME', /surrogate/)
    expectCode(() => encodeEnvelope(newEvent('x', 1n), codecs), 'ENCODE_FAILED', /data is the bigint/)
    expectCode(() => encodeEnvelope(newEvent('x', 1), new CodecRegistry()), 'UNKNOWN_NAME')
  })

  describe('malformed messages', () => {
    const valid = encodeEnvelope(newEvent('todo.added', { title: 'milk' }, { aggregate }), codecs)

    it('FND-5: every truncation of a valid envelope is MALFORMED_MESSAGE', () => {
      for (const sample of samples.slice(0, 7)) {
        const bytes = encodeEnvelope(sample[1], codecs)
        for (let n = 0; n < bytes.length; n++) {
          expectCode(() => decodeEnvelope(bytes.subarray(0, n), codecs), 'MALFORMED_MESSAGE')
        }
      }
    })

    it('names the defect', () => {
      const patched = (at: number, value: number) => {
        const copy = valid.slice()
        copy[at] = value
        return copy
      }
      const cases: [Uint8Array, RegExp][] = [
        [new Uint8Array(0), /empty/],
        [valid.subarray(0, 10), /truncated.*event id/],
        [patched(0, 2), /format version 2.*upgrade/],
        [patched(0, 0), /format version 0/],
        [patched(1, 0x81), /flags byte 0x81 sets unknown bits/],
        [patched(1, 0x04), /text aggregate id but has no aggregate|truncated|invalid/],
        [new Uint8Array([...valid, 0]), /1 unexpected bytes after the data/],
        [new Uint8Array([1, 0, ...new Uint8Array(16), 1, 0x78, ...new Uint8Array(9)]), /event id is the nil UUID/],
      ]
      for (const [bytes, message] of cases)
        expectCode(() => decodeEnvelope(bytes, codecs), 'MALFORMED_MESSAGE', message)
      expectCode(() => decodeEnvelope('hi' as unknown as Uint8Array, codecs), 'MALFORMED_MESSAGE', /Uint8Array/)
      expectCode(() => decodeEnvelope(new Int8Array(valid) as unknown as Uint8Array, codecs), 'MALFORMED_MESSAGE')
    })

    it('validates names, ids and versions inside the header', () => {
      const id = new Uint8Array(16).fill(0x11)
      const time = new Uint8Array(8)
      const text = (s: string) => {
        const b = new TextEncoder().encode(s)
        return [b.length, ...b]
      }
      const env = (flags: number, ...rest: number[]) => new Uint8Array([1, flags, ...rest])
      const cases: [Uint8Array, RegExp][] = [
        [env(0, ...id, ...text(''), ...time, 0), /event name is invalid.*empty/],
        [env(0, ...id, ...text('*'), ...time, 0), /event name is invalid/],
        [env(0, ...id, ...text('a\nb'), ...time, 0), /event name is invalid.*control/],
        [env(0, ...id, 2, 0xc3, 0x28, ...time, 0), /event name is not valid UTF-8/],
        [env(2, ...text('not-a-uuid'), ...text('a'), ...time, 0), /event id is not a UUID/],
        [env(1, ...id, ...text('a'), ...time, ...text(''), ...id, 1, 0), /aggregate name is invalid/],
        [env(1, ...id, ...text('a'), ...time, ...text('b'), ...new Uint8Array(16), 1, 0), /aggregate id is the nil/],
        [env(1, ...id, ...text('a'), ...time, ...text('b'), ...id, 0, 0), /aggregate version is 0/],
        [env(0, ...id, ...text('a'), ...time, 0x80, 0x00), /data length is not minimally encoded/],
        [env(0, ...id, ...text('a'), ...time, ...new Array(8).fill(0xff), 1), /data length is too long/],
        [
          env(0, ...id, ...text('a'), ...time, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f),
          /data length is too large/,
        ],
        [env(0, ...id, ...text('a'), ...time, 5, 1, 2), /truncated.*inside the data/],
      ]
      for (const [bytes, message] of cases)
        expectCode(() => decodeEnvelope(bytes, codecs), 'MALFORMED_MESSAGE', message)
      // The same header with a valid name decodes, so each case above fails for its own defect.
      expect(decodeEnvelope(env(0, ...id, ...text('a'), ...time, 0), codecs).name).toBe('a')
    })

    it('FND-5: random bytes and random mutations only ever yield typed errors (seeded fuzz)', () => {
      const rnd = random(20240506)
      const allowed = new Set(['MALFORMED_MESSAGE', 'UNKNOWN_NAME', 'DECODE_FAILED', 'VALIDATION_FAILED'])
      const strict = new CodecRegistry().register('todo.added')
      let decoded = 0
      for (let round = 0; round < 20_000; round++) {
        let bytes: Uint8Array
        if (round % 2 === 0) {
          bytes = new Uint8Array(Math.floor(rnd() * 80))
          for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rnd() * 256)
          if (bytes.length > 0 && rnd() < 0.7) bytes[0] = 1 // get past the version byte often
          if (bytes.length > 1 && rnd() < 0.7) bytes[1] = bytes[1]! & 7
        } else {
          bytes = valid.slice()
          for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--)
            bytes[Math.floor(rnd() * bytes.length)] = Math.floor(rnd() * 256)
        }
        for (const registry of [codecs, strict]) {
          try {
            const e = decodeEnvelope(bytes, registry)
            decoded++
            void e.data
          } catch (err) {
            if (!isGoesError(err) || !allowed.has(err.code)) throw err
          }
        }
      }
      expect(decoded).toBeGreaterThan(0) // the mutations also produced some valid envelopes
    })
  })
})
