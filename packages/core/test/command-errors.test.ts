import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as protobuf from 'protobufjs'
import {
  CodecRegistry,
  type CommandContext,
  CommandError,
  EventCommandBus,
  fail,
  isCommandError,
  isGoesError,
  isNotFoundError,
  MemoryBus,
  NotFoundError,
  newCommand,
  registerCommandProtocol,
} from '../src/index.js'
import { findDetail, packDetail, TYPE_URL_PREFIX, typeUrlOf, unpackDetail } from '../src/protobuf/index.js'

const { root } = protobuf.parse(`
  syntax = "proto3";
  package shop;
  message FieldViolation { string field = 1; string description = 2; }
  message QuotaFailure { string subject = 1; int32 limit = 2; repeated string tags = 3; Level level = 4; }
  enum Level { LOW = 0; HIGH = 1; }
`)
const FieldViolation = root.lookupType('shop.FieldViolation')
const QuotaFailure = root.lookupType('shop.QuotaFailure')

/** A command bus whose only handler fails every command with `error`. */
async function failingBus(wire: 'plain' | 'codec', error: unknown) {
  const bus = new MemoryBus(wire === 'codec' ? { codecs: registerCommandProtocol(new CodecRegistry()) } : {})
  const handler = new EventCommandBus(bus)
  const dispatcher = new EventCommandBus(bus, { sync: true })
  const sub = await handler.subscribe(['shop.order'])
  const served = (async () => {
    for await (const ctx of sub as AsyncIterable<CommandContext>) await ctx.finish(error)
  })()
  const dispatch = () =>
    dispatcher.dispatch(newCommand('shop.order', { item: 'milk' })).then(
      () => undefined,
      (e: unknown) => e,
    )
  const close = async () => {
    await Promise.all([handler.close(), dispatcher.close()])
    await served
  }
  return { dispatch, close }
}

describe.each(['plain', 'codec'] as const)('command errors over the command bus (%s MemoryBus)', (wire) => {
  it('AGG-3: a handler throws a command error with code, message and two protobuf details; the synchronous dispatcher receives an error with the same code, message and decoded details', async () => {
    const thrown = new CommandError('OUT_OF_STOCK', 'Only 2 bottles of milk are left.', {
      cause: new Error('stock query returned 2'),
      messages: { de: 'Nur noch 2 Flaschen Milch.', 'fr-FR': 'Plus que 2 bouteilles de lait.' },
      details: [
        packDetail(FieldViolation, { field: 'quantity', description: 'at most 2' }),
        packDetail(QuotaFailure, { subject: 'milk', limit: 2, tags: ['dairy', 'cold'], level: 'HIGH' }),
      ],
    })
    const { dispatch, close } = await failingBus(wire, thrown)
    const err = await dispatch()

    expect(isCommandError(err, 'OUT_OF_STOCK')).toBe(true)
    if (!isCommandError(err)) throw new Error('unreachable')
    expect(err).toBeInstanceOf(CommandError)
    expect(err.message).toBe('Only 2 bottles of milk are left.')
    expect(err.localizedMessage('de-CH')).toBe('Nur noch 2 Flaschen Milch.')
    expect(err.localizedMessage('fr')).toBe('Plus que 2 bouteilles de lait.')
    expect((err.cause as Error).message).toBe('stock query returned 2')
    expect(err.command?.name).toBe('shop.order')
    expect(err.details.map((d) => d.typeUrl)).toEqual([
      'type.googleapis.com/shop.FieldViolation',
      'type.googleapis.com/shop.QuotaFailure',
    ])
    const decoded = err.details.map((d) => (unpackDetail(d, root) as protobuf.Message).toJSON())
    expect(decoded).toEqual([
      { field: 'quantity', description: 'at most 2' },
      { subject: 'milk', limit: 2, tags: ['dairy', 'cold'], level: 'HIGH' },
    ])
    expect(QuotaFailure.toObject(findDetail(err, QuotaFailure)!, { enums: String })).toMatchObject({ limit: 2 })
    await close()
  })

  it('a numeric code and a cause code survive the trip', async () => {
    const { dispatch, close } = await failingBus(
      wire,
      fail(new NotFoundError('no item "milk"'), 'Unknown item.', { code: 404 }),
    )
    const err = await dispatch()
    expect(isCommandError(err, 404)).toBe(true)
    expect(isNotFoundError((err as CommandError).cause)).toBe(true)
    await close()
  })

  it('a goes error keeps its code, so the structural guards hold for the dispatcher', async () => {
    const { dispatch, close } = await failingBus(wire, new NotFoundError('No such list.'))
    const err = await dispatch()
    expect(isNotFoundError(err)).toBe(true)
    expect(isCommandError(err, 'NOT_FOUND')).toBe(true)
    expect((err as Error).message).toBe('No such list.')
    await close()
  })

  it('a plain error becomes COMMAND_FAILED with its message; a thrown string too', async () => {
    for (const [thrown, message] of [
      [new Error('mock error'), 'mock error'],
      ['just text', 'just text'],
    ] as const) {
      const { dispatch, close } = await failingBus(wire, thrown)
      const err = (await dispatch()) as CommandError
      expect([err.code, err.message]).toEqual(['COMMAND_FAILED', message])
      await close()
    }
  })
})

describe('@goes/core/protobuf', () => {
  it('packs with the type URL of the full name and unpacks with a root, a type or a list of types', () => {
    const detail = packDetail(FieldViolation, { field: 'title', description: 'empty' })
    expect(detail.typeUrl).toBe(`${TYPE_URL_PREFIX}shop.FieldViolation`)
    expect(typeUrlOf(QuotaFailure)).toBe('type.googleapis.com/shop.QuotaFailure')
    for (const types of [root, FieldViolation, [QuotaFailure, FieldViolation]]) {
      expect((unpackDetail(detail, types) as protobuf.Message).toJSON()).toEqual({
        field: 'title',
        description: 'empty',
      })
    }
    expect(findDetail([detail], QuotaFailure)).toBeUndefined()
  })

  it('reports bad input with typed errors', () => {
    const detail = packDetail(FieldViolation, { field: 'title' })
    const codeOf = (fn: () => unknown) => {
      try {
        fn()
        return 'no error'
      } catch (err) {
        return (err as { code?: unknown }).code
      }
    }
    expect(codeOf(() => packDetail(QuotaFailure, { tags: 'dairy' }))).toBe('ENCODE_FAILED')
    expect(codeOf(() => packDetail({} as never, {}))).toBe('INVALID_OPTION')
    expect(codeOf(() => unpackDetail(detail, [QuotaFailure]))).toBe('UNKNOWN_NAME')
    expect(
      codeOf(() => unpackDetail({ typeUrl: 'type.googleapis.com/shop.Nope', value: new Uint8Array() }, root)),
    ).toBe('UNKNOWN_NAME')
    expect(codeOf(() => unpackDetail({ ...detail, value: new Uint8Array([0xff, 0xff, 0xff]) }, root))).toBe(
      'DECODE_FAILED',
    )
  })

  it('the core entry never imports protobufjs (only @goes/core/protobuf deals with protobuf)', () => {
    const src = join(__dirname, '..', 'src')
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))
    const importing = files.filter((f) => /from\s+['"]protobufjs/.test(readFileSync(join(src, f), 'utf8')))
    expect(importing).toEqual([])
    expect(isGoesError(new CommandError('X', 'x'))).toBe(false) // command errors are their own kind
  })
})
