// The wire format of command protocol messages — a WIRE CONTRACT like the event envelope:
// change it only by adding a new version that version-1 readers reject.
//
// Version 1 ("text" / "bytes" = varint length + UTF-8 / raw bytes; "f64" = float64 big-endian):
//   u8 version = 1 · u8 kind (1 dispatched, 2 requested, 3 assigned, 4 accepted, 5 executed)
//   text command id · text dispatcher id
//   dispatched: u8 flags (bit 0 sync, bit 1 group mode, bit 2 has aggregate) · text command name
//               · [text aggregate name · text aggregate id] · f64 assignTimeoutMs · bytes payload
//   requested / assigned / accepted: text handler id
//   executed:   text handler id · f64 runtimeMs · u8 has error · [error]
//   error:      code · text message · varint n · n × (text locale · text message)
//               · varint n · n × (text type URL · bytes value) · u8 has cause · [text name · text message · code]
//   code:       u8 0 none | 1 text · text | 2 number · f64   (the error code itself is never "none")
//   (end: nothing may follow)

import type { Codec } from '../../codec/codec.js'
import type { CodecRegistry } from '../../codec/registry.js'
import type { ErrorDetail } from '../error-parts.js'
import { setOwn } from '../error-parts.js'
import { ByteReader, ByteWriter, undecodable } from './bytes.js'
import {
  COMMAND_PROTOCOL_NAMES,
  type CommandProtocolMessage,
  type CommandWireCause,
  type CommandWireError,
} from './protocol.js'

const VERSION = 1
const KINDS = ['dispatched', 'requested', 'assigned', 'accepted', 'executed'] as const
const SYNC = 1
const GROUP = 2
const AGGREGATE = 4
const writer = new ByteWriter() // encode() is synchronous: one scratch writer serves every call

/**
 * The codec of the command protocol messages: compact binary, payload bytes untouched. Every
 * defect of received bytes throws `MALFORMED_MESSAGE`.
 *
 * @example
 * ```ts
 * eventCodecs.register(COMMAND_DISPATCHED, { codec: commandProtocolCodec })
 * ```
 * @public
 */
export const commandProtocolCodec: Codec<CommandProtocolMessage> = {
  encode(m: CommandProtocolMessage): Uint8Array {
    const w = writer.reset()
    w.u8(VERSION)
    w.u8(KINDS.indexOf(m.kind) + 1)
    w.text(m.commandId)
    w.text(m.dispatcherId)
    if (m.kind === 'dispatched') {
      w.u8((m.sync ? SYNC : 0) | (m.mode === 'group' ? GROUP : 0) | (m.aggregate !== undefined ? AGGREGATE : 0))
      w.text(m.name)
      if (m.aggregate !== undefined) {
        w.text(m.aggregate.name)
        w.text(m.aggregate.id)
      }
      w.f64(m.assignTimeoutMs)
      w.bytes(m.payload)
      return w.finish()
    }
    w.text(m.handlerId)
    if (m.kind === 'executed') {
      w.f64(m.runtimeMs)
      w.u8(m.error === undefined ? 0 : 1)
      if (m.error !== undefined) writeError(w, m.error)
    }
    return w.finish()
  },

  decode(bytes: Uint8Array): CommandProtocolMessage {
    const r = new ByteReader(bytes)
    const version = r.u8('version')
    if (version !== VERSION) undecodable(`it has protocol version ${version}, this goes reads version ${VERSION}`)
    const kind = KINDS[r.u8('kind') - 1]
    if (kind === undefined) undecodable('its kind is unknown')
    const commandId = r.text('command id')
    const dispatcherId = r.text('dispatcher id')
    let m: CommandProtocolMessage
    if (kind === 'dispatched') {
      const flags = r.u8('flags')
      if ((flags & ~(SYNC | GROUP | AGGREGATE)) !== 0) undecodable('its flags set unknown bits')
      const name = r.text('command name')
      const aggregate =
        (flags & AGGREGATE) !== 0 ? { name: r.text('aggregate name'), id: r.text('aggregate id') } : undefined
      const assignTimeoutMs = r.f64('assign timeout')
      const payload = r.bytes('payload')
      const sync = (flags & SYNC) !== 0
      const mode = (flags & GROUP) !== 0 ? 'group' : 'assign'
      m = { kind, commandId, dispatcherId, name, aggregate, payload, sync, mode, assignTimeoutMs }
    } else {
      const handlerId = r.text('handler id')
      if (kind !== 'executed') m = { kind, commandId, dispatcherId, handlerId }
      else {
        const runtimeMs = r.f64('runtime')
        const error = r.u8('error flag') === 1 ? readError(r) : undefined
        m = { kind, commandId, dispatcherId, handlerId, runtimeMs, error }
      }
    }
    if (!r.done) undecodable('unexpected bytes follow it')
    return m
  },
}

/**
 * Registers the reserved command protocol names (`goes.command.*`) with the protocol codec on
 * an event bus's codec registry — needed when that registry is strict (the default) and the
 * bus encodes events (a wire bus, or a MemoryBus in codec mode). Returns the registry.
 *
 * @example
 * ```ts
 * const eventCodecs = registerCommandProtocol(new CodecRegistry().registerAll(todoCodecs))
 * const commands = new EventCommandBus(new MemoryBus({ codecs: eventCodecs }))
 * ```
 * @public
 */
export function registerCommandProtocol(codecs: CodecRegistry): CodecRegistry {
  for (const name of COMMAND_PROTOCOL_NAMES) codecs.register(name, { codec: commandProtocolCodec })
  return codecs
}

function writeCode(w: ByteWriter, code: string | number | undefined): void {
  if (code === undefined) w.u8(0)
  else if (typeof code === 'string') {
    w.u8(1)
    w.text(code)
  } else {
    w.u8(2)
    w.f64(code)
  }
}

function readCode(r: ByteReader, field: string): string | number | undefined {
  const type = r.u8(field)
  if (type === 0) return undefined
  if (type === 1) return r.text(field)
  if (type === 2) return r.f64(field)
  return undecodable(`the ${field} has an unknown type`)
}

function writeError(w: ByteWriter, e: CommandWireError): void {
  writeCode(w, e.code)
  w.text(e.message)
  const locales = Object.keys(e.messages)
  w.varint(locales.length)
  for (const locale of locales) {
    w.text(locale)
    w.text(e.messages[locale]!)
  }
  w.varint(e.details.length)
  for (const d of e.details) {
    w.text(d.typeUrl)
    w.bytes(d.value)
  }
  w.u8(e.cause === undefined ? 0 : 1)
  if (e.cause !== undefined) {
    w.text(e.cause.name)
    w.text(e.cause.message)
    writeCode(w, e.cause.code)
  }
}

function readError(r: ByteReader): CommandWireError {
  const code = readCode(r, 'error code')
  if (code === undefined) undecodable('its error has no code')
  const message = r.text('error message')
  const messages: Record<string, string> = {}
  for (let n = r.varint('message count'); n > 0; n--) {
    const locale = r.text('locale')
    setOwn(messages, locale, r.text('localised message'))
  }
  const details: ErrorDetail[] = []
  for (let n = r.varint('detail count'); n > 0; n--) {
    details.push({ typeUrl: r.text('detail type URL'), value: r.bytes('detail value').slice() })
  }
  let cause: CommandWireCause | undefined
  if (r.u8('cause flag') === 1) {
    const name = r.text('cause name')
    const text = r.text('cause message')
    cause = { name, message: text, code: readCode(r, 'cause code') }
  }
  return { code, message, messages, details, cause }
}
