import { GoesError } from '../../errors/errors.js'
import type { Event } from '../../event/event.js'
import { isUUID, NIL_UUID } from '../../uuid/uuid.js'
import { checkDetails, checkMessages } from '../error-parts.js'
import {
  type CommandDispatchedMessage,
  type CommandExecutedMessage,
  type CommandHandshakeMessage,
  type CommandProtocolMessage,
  type CommandWireCause,
  type CommandWireError,
  KIND_OF_NAME,
} from './protocol.js'

// Checks a protocol message received from an event bus. Over a wire bus the protocol codec has
// already checked the bytes; over a bus that passes objects, anyone may have published any
// object under a reserved name. Either way the receiver sees the same typed error.

/** Throws the error a bad protocol message is reported with. @internal */
export function badMessage(name: string, defect: string, cause?: unknown): never {
  throw new GoesError(
    'MALFORMED_MESSAGE',
    `A "${name}" message was skipped: ${defect}. Only goes command buses should publish under the reserved names goes.command.*; check what publishes there.`,
    cause === undefined ? undefined : { cause },
  )
}

/**
 * Reads and checks the protocol message an event carries: reading `data` may decode it (and
 * throw the codec's `DECODE_FAILED`); a wrong shape throws `MALFORMED_MESSAGE`.
 *
 * @internal
 */
export function readMessage(event: Event): CommandProtocolMessage {
  const name = event.name
  const kind = KIND_OF_NAME.get(name)
  if (kind === undefined) badMessage(name, 'it is not a command protocol event')
  const m = event.data as Partial<Record<string, unknown>> | null
  if (typeof m !== 'object' || m === null) badMessage(name, 'its data is not an object')
  if (m.kind !== kind) badMessage(name, `it carries a "${String(m.kind)}" message`)
  id(name, m.commandId, 'command id')
  text(name, m.dispatcherId, 'dispatcher id')
  if (kind === 'dispatched') {
    text(name, m.name, 'command name')
    if (!(m.payload instanceof Uint8Array)) badMessage(name, 'its payload is not a Uint8Array')
    if (typeof m.sync !== 'boolean') badMessage(name, 'its sync flag is not a boolean')
    if (m.mode !== 'assign' && m.mode !== 'group') badMessage(name, 'its mode is neither "assign" nor "group"')
    if (!(typeof m.assignTimeoutMs === 'number' && m.assignTimeoutMs > 0)) {
      badMessage(name, 'its assignTimeoutMs is not a positive number')
    }
    if (m.aggregate !== undefined) {
      const a = m.aggregate as Partial<Record<string, unknown>> | null
      if (typeof a !== 'object' || a === null) badMessage(name, 'its aggregate is not an object')
      text(name, a.name, 'aggregate name')
      id(name, a.id, 'aggregate id')
    }
    return m as unknown as CommandDispatchedMessage
  }
  text(name, m.handlerId, 'handler id')
  if (kind !== 'executed') return m as unknown as CommandHandshakeMessage
  if (!(typeof m.runtimeMs === 'number' && m.runtimeMs >= 0)) badMessage(name, 'its runtimeMs is not a number ≥ 0')
  if (m.error !== undefined) checkWireError(name, m.error)
  return m as unknown as CommandExecutedMessage
}

function checkWireError(name: string, value: unknown): asserts value is CommandWireError {
  const e = value as Partial<Record<string, unknown>> | null
  if (typeof e !== 'object' || e === null) badMessage(name, 'its error is not an object')
  if (!(typeof e.code === 'string' || typeof e.code === 'number')) badMessage(name, 'its error code is missing')
  text(name, e.message, 'error message', true)
  try {
    checkMessages(e.messages as CommandWireError['messages'])
    checkDetails(e.details as CommandWireError['details'])
  } catch (err) {
    badMessage(name, `its error is malformed (${(err as Error).message})`, err)
  }
  if (e.cause !== undefined) {
    const c = e.cause as Partial<CommandWireCause> | null
    if (typeof c !== 'object' || c === null || typeof c.name !== 'string' || typeof c.message !== 'string') {
      badMessage(name, 'its error cause is not { name, message }')
    }
  }
}

function text(name: string, value: unknown, field: string, empty = false): asserts value is string {
  if (typeof value !== 'string' || (!empty && value.length === 0)) badMessage(name, `its ${field} is not a string`)
}

function id(name: string, value: unknown, field: string): asserts value is string {
  if (!isUUID(value) || value === NIL_UUID) badMessage(name, `its ${field} is not a UUID`)
}
