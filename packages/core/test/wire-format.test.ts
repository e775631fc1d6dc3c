// The exact bytes of both wire formats (event envelope, command protocol): a change of an
// encoder must not change what goes on the wire. And the one varint they share is strict.

import { CodecRegistry, decodeEnvelope, encodeEnvelope } from '../src/codec/index.js'
import {
  readVarint,
  VARINT_NOT_MINIMAL,
  VARINT_TOO_LARGE,
  VARINT_TOO_LONG,
  VARINT_TRUNCATED,
  varintSize,
  writeVarint,
} from '../src/codec/varint.js'
import { commandProtocolCodec } from '../src/command/index.js'
import { newEvent } from '../src/event/index.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s/g, ''), 'hex'))

const codecs = new CodecRegistry({ unknownNames: 'json' })
const ID = '0b4a6c2e-8f31-4d7a-9c55-1e2f3a4b5c6d'
const AID = 'f00dbabe-1234-4abc-8def-0123456789ab'
const time = 1_733_400_000_123_456_789n

const envelopes: [string, ReturnType<typeof newEvent>, string][] = [
  [
    'no aggregate',
    newEvent('todo.added', { title: 'milk' }, { id: ID, time }),
    '0100 0b4a6c2e8f314d7a9c551e2f3a4b5c6d 0a746f646f2e6164646564 180e461dbd054d15 107b227469746c65223a226d696c6b227d',
  ],
  [
    'an aggregate at version 300 (a two-byte varint)',
    newEvent(
      'todo.added',
      { title: 'milk' },
      { id: ID, time, aggregate: { name: 'todo.list', id: AID, version: 300 } },
    ),
    '0101 0b4a6c2e8f314d7a9c551e2f3a4b5c6d 0a746f646f2e6164646564 180e461dbd054d15' +
      ' 09746f646f2e6c697374 f00dbabe12344abc8def0123456789ab ac02 107b227469746c65223a226d696c6b227d',
  ],
  [
    'text ids, a unicode aggregate name, a negative time and the largest version',
    newEvent('x', 1, {
      id: ID.toUpperCase(),
      time: -5n,
      aggregate: { name: '列表', id: AID.toUpperCase(), version: Number.MAX_SAFE_INTEGER },
    }),
    '0107 2430423441364332452d384633312d344437412d394335352d314532463341344235433644 0178 fffffffffffffffb' +
      ' 06e58897e8a1a8 2446303044424142452d313233342d344142432d384445462d303132333435363738394142' +
      ' ffffffffffffff0f 0131',
  ],
]

const C = '11111111-2222-4333-8444-555555555555'
const D = '66666666-7777-4888-9999-aaaaaaaaaaaa'
const H = 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff'
const text = (s: string): string => Buffer.from([s.length]).toString('hex') + Buffer.from(s).toString('hex')
const protocol = [
  [
    'dispatched',
    {
      kind: 'dispatched',
      commandId: C,
      dispatcherId: D,
      name: 'shop.order',
      aggregate: { name: 'shop.cart', id: H },
      payload: new Uint8Array([4, 5]),
      sync: true,
      mode: 'group',
      assignTimeoutMs: 5000,
    },
    `0101 ${text(C)} ${text(D)} 07 ${text('shop.order')} ${text('shop.cart')} ${text(H)} 40b3880000000000 020405`,
  ],
  [
    'requested',
    { kind: 'requested', commandId: C, dispatcherId: D, handlerId: H },
    `0102 ${text(C)} ${text(D)} ${text(H)}`,
  ],
  [
    'executed with an error and a 130-byte cause message (a two-byte length)',
    {
      kind: 'executed',
      commandId: C,
      dispatcherId: D,
      handlerId: H,
      runtimeMs: 1.5,
      error: {
        code: 7,
        message: 'Nö',
        messages: { de: 'Nein' },
        details: [{ typeUrl: 't/x.Y', value: new Uint8Array([1, 2, 3]) }],
        cause: { name: 'TypeError', message: 'x'.repeat(130), code: 'E1' },
      },
    },
    `0105 ${text(C)} ${text(D)} ${text(H)} 3ff8000000000000 01 02 401c000000000000 034ec3b6` +
      ` 01 ${text('de')} ${text('Nein')} 01 ${text('t/x.Y')} 03010203 01 ${text('TypeError')} 8201${'78'.repeat(130)} 01 ${text('E1')}`,
  ],
] as const

describe('wire format bytes', () => {
  it.each(envelopes)('the envelope of an event with %s is byte for byte format 1', (_what, event, expected) => {
    const encoded = encodeEnvelope(event, codecs)
    expect(hex(encoded)).toBe(expected.replace(/\s/g, ''))
    expect(decodeEnvelope(bytes(expected), codecs)).toEqual(event)
  })

  it.each(protocol)('the command protocol message "%s" is byte for byte version 1', (_what, message, expected) => {
    expect(hex(commandProtocolCodec.encode(message))).toBe(expected.replace(/\s/g, ''))
    expect(commandProtocolCodec.decode(bytes(expected))).toEqual(message)
  })
})

describe('the shared varint', () => {
  const edges = [
    0,
    1,
    0x7f,
    0x80,
    0x3fff,
    0x4000,
    0x1fffff,
    0x200000,
    2 ** 28,
    2 ** 35 - 1,
    2 ** 49,
    Number.MAX_SAFE_INTEGER,
  ]

  it('round-trips every size boundary, in exactly varintSize() bytes', () => {
    for (const n of edges) {
      const buf = new Uint8Array(10)
      const end = writeVarint(buf, 1, n)
      expect(end - 1).toBe(varintSize(n))
      expect(readVarint(buf.subarray(0, end), 1)).toBe(n)
      // The size is also what a naive count of 7-bit groups gives.
      expect(varintSize(n)).toBe(Math.max(1, Math.ceil(n.toString(2).length / 7)))
    }
  })

  it('rejects a truncated, non-minimal, over-long or too large varint', () => {
    expect(readVarint(bytes(''), 0)).toBe(VARINT_TRUNCATED)
    expect(readVarint(bytes('8080'), 0)).toBe(VARINT_TRUNCATED)
    expect(readVarint(bytes('8000'), 0)).toBe(VARINT_NOT_MINIMAL)
    expect(readVarint(bytes('ff8000'), 0)).toBe(VARINT_NOT_MINIMAL)
    expect(readVarint(bytes('808080808080808001'), 0)).toBe(VARINT_TOO_LONG)
    expect(readVarint(bytes('ffffffffffffff0f'), 0)).toBe(Number.MAX_SAFE_INTEGER)
    expect(readVarint(bytes('8080808080808010'), 0)).toBe(VARINT_TOO_LARGE) // 2^53
    expect(readVarint(bytes('ffffffffffffff7f'), 0)).toBe(VARINT_TOO_LARGE) // 2^56 − 1
  })

  it('the envelope reader rejects a non-minimal length, naming the field', () => {
    // "no aggregate" with the name length 0x0a written as 0x8a 0x00.
    const h = envelopes[0]![2].replace(/\s/g, '')
    const bad = bytes(h.replace('0a746f646f', '8a00746f646f'))
    expect(() => decodeEnvelope(bad, codecs)).toThrow(
      expect.objectContaining({
        code: 'MALFORMED_MESSAGE',
        message: expect.stringMatching(/length of the event name is not minimally encoded/),
      }),
    )
  })

  it('the command protocol reader rejects a non-minimal, over-long or too large length (it accepted them before)', () => {
    const good = `0102 ${text(C)} ${text(D)}`
    for (const [len, defect] of [
      ['a400', 'not minimally encoded'],
      ['a48000', 'not minimally encoded'],
      ['808080808080808001', 'too long'],
      ['8080808080808010', 'too large'],
    ] as const) {
      const bad = bytes(`${good} ${len} ${Buffer.from(H).toString('hex')}`)
      expect(() => commandProtocolCodec.decode(bad)).toThrow(
        expect.objectContaining({
          code: 'MALFORMED_MESSAGE',
          message: expect.stringContaining(`length of the handler id is ${defect}`),
        }),
      )
    }
    expect(() => commandProtocolCodec.decode(bytes(`${good} 80`))).toThrow(/truncated inside the handler id/)
  })
})
