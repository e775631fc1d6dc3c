import type { CommandAggregate } from '../command.js'
import type { ErrorDetail } from '../error-parts.js'

// The messages of the command bus protocol (see event-command-bus.ts for how they flow). They
// travel as the data of events with these reserved names, over any event bus.

/**
 * Published by a dispatcher: a command and its encoded payload.
 *
 * @example
 * ```ts
 * const dispatches = await eventBus.subscribe([COMMAND_DISPATCHED]) // watch every command sent
 * ```
 * @public
 */
export const COMMAND_DISPATCHED = 'goes.command.dispatched'
/**
 * Published by each handler instance that could take a dispatched command (assign mode).
 *
 * @example
 * ```ts
 * const requests = await eventBus.subscribe([COMMAND_REQUESTED])
 * ```
 * @public
 */
export const COMMAND_REQUESTED = 'goes.command.requested'
/**
 * Published by the dispatcher: the one handler instance that gets the command (assign mode).
 *
 * @example
 * ```ts
 * const assignments = await eventBus.subscribe([COMMAND_ASSIGNED])
 * ```
 * @public
 */
export const COMMAND_ASSIGNED = 'goes.command.assigned'
/**
 * Published by the handler instance that took the command, before handing it to its subscriber.
 *
 * @example
 * ```ts
 * const accepted = await eventBus.subscribe([COMMAND_ACCEPTED])
 * ```
 * @public
 */
export const COMMAND_ACCEPTED = 'goes.command.accepted'
/**
 * Published by that handler instance once the command was finished, with its runtime and error.
 *
 * @example
 * ```ts
 * for await (const e of await eventBus.subscribe([COMMAND_EXECUTED])) {
 *   const m = e.data as CommandExecutedMessage
 *   metrics.observe(m.runtimeMs)
 * }
 * ```
 * @public
 */
export const COMMAND_EXECUTED = 'goes.command.executed'

/**
 * The reserved event names of the command bus protocol. On an event bus with a strict codec
 * registry, register them with `registerCommandProtocol(codecs)`.
 *
 * @example
 * ```ts
 * const monitor = await eventBus.subscribe([...COMMAND_PROTOCOL_NAMES])
 * ```
 * @public
 */
export const COMMAND_PROTOCOL_NAMES = Object.freeze([
  COMMAND_DISPATCHED,
  COMMAND_REQUESTED,
  COMMAND_ASSIGNED,
  COMMAND_ACCEPTED,
  COMMAND_EXECUTED,
] as const)

/**
 * How handlers compete for commands; see `EventCommandBusOptions.mode`.
 *
 * @example
 * ```ts
 * const mode: CommandBusMode = natsBus ? 'group' : 'assign'
 * ```
 * @public
 */
export type CommandBusMode = 'assign' | 'group'

/**
 * A command on its way to a handler, its payload still encoded.
 *
 * @example
 * ```ts
 * const m = event.data as CommandDispatchedMessage
 * console.log(m.name, m.payload.byteLength)
 * ```
 * @public
 */
export interface CommandDispatchedMessage {
  readonly kind: 'dispatched'
  readonly commandId: string
  readonly dispatcherId: string
  readonly name: string
  readonly aggregate: CommandAggregate | undefined
  readonly payload: Uint8Array
  /** Whether the dispatcher waits for the execution (then "executed" matters to it). */
  readonly sync: boolean
  /** The dispatcher's mode: handlers of another mode ignore the command. */
  readonly mode: CommandBusMode
  /** How long the dispatcher waits for an "accepted"; handlers forget their request after it. */
  readonly assignTimeoutMs: number
}

/**
 * "requested", "assigned" or "accepted": who (`handlerId`) takes which command.
 *
 * @example
 * ```ts
 * const m = event.data as CommandHandshakeMessage
 * if (m.kind === 'assigned') console.log(`${m.commandId} → ${m.handlerId}`)
 * ```
 * @public
 */
export interface CommandHandshakeMessage {
  readonly kind: 'requested' | 'assigned' | 'accepted'
  readonly commandId: string
  readonly dispatcherId: string
  readonly handlerId: string
}

/**
 * The cause of a command error as it crosses the wire: only its name, message and code.
 *
 * @example
 * ```ts
 * const cause: CommandWireCause = { name: 'NotFoundError', message: 'no list', code: 'NOT_FOUND' }
 * ```
 * @public
 */
export interface CommandWireCause {
  readonly name: string
  readonly message: string
  readonly code: string | number | undefined
}

/**
 * A command error as plain data (see `CommandError`).
 *
 * @example
 * ```ts
 * const e: CommandWireError = { code: 'LIST_FULL', message: 'Full.', messages: {}, details: [], cause: undefined }
 * ```
 * @public
 */
export interface CommandWireError {
  readonly code: string | number
  readonly message: string
  readonly messages: Readonly<Record<string, string>>
  readonly details: readonly ErrorDetail[]
  readonly cause: CommandWireCause | undefined
}

/**
 * The outcome of a command: how long the handler took and, if it failed, its error.
 *
 * @example
 * ```ts
 * const m = event.data as CommandExecutedMessage
 * if (m.error !== undefined) console.warn(m.commandId, m.error.code)
 * ```
 * @public
 */
export interface CommandExecutedMessage {
  readonly kind: 'executed'
  readonly commandId: string
  readonly dispatcherId: string
  readonly handlerId: string
  readonly runtimeMs: number
  readonly error: CommandWireError | undefined
}

/**
 * A message of the command bus protocol: the data of an event named `goes.command.<kind>`.
 *
 * @example
 * ```ts
 * function log(m: CommandProtocolMessage) { if (m.kind === 'executed') console.log(m.commandId, m.runtimeMs) }
 * ```
 * @public
 */
export type CommandProtocolMessage = CommandDispatchedMessage | CommandHandshakeMessage | CommandExecutedMessage

/** The event name each message kind travels under. @internal */
export const NAME_OF_KIND: Readonly<Record<CommandProtocolMessage['kind'], string>> = {
  dispatched: COMMAND_DISPATCHED,
  requested: COMMAND_REQUESTED,
  assigned: COMMAND_ASSIGNED,
  accepted: COMMAND_ACCEPTED,
  executed: COMMAND_EXECUTED,
}

/** The message kind of each reserved event name. @internal */
export const KIND_OF_NAME: ReadonlyMap<string, CommandProtocolMessage['kind']> = new Map(
  Object.entries(NAME_OF_KIND).map(([kind, name]) => [name, kind as CommandProtocolMessage['kind']]),
)
