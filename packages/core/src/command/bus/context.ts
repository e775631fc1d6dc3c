import type { EventBus } from '../../bus/bus.js'
import { GoesError } from '../../errors/errors.js'
import { newEvent } from '../../event/factory.js'
import type { Command, CommandContext } from '../types.js'
import {
  COMMAND_EXECUTED,
  type CommandDispatchedMessage,
  type CommandExecutedMessage,
  type CommandWireError,
} from './protocol.js'
import { publishOne } from './send.js'
import { errorToWire } from './wire-error.js'

/** What a context needs from the subscription that delivered it. @internal */
export interface ContextOwner {
  readonly handlerId: string
  readonly bus: EventBus
  /** Called once per context, when it is finished. */
  finished(): void
}

/**
 * A command delivered to one subscriber. `finish()` publishes "executed" with the runtime
 * (from the moment the subscriber took the command) and the error, if any; only the first
 * call counts.
 *
 * @internal
 */
export class EventCommandContext implements CommandContext {
  readonly command: Command
  readonly #message: CommandDispatchedMessage
  readonly #owner: ContextOwner
  #finished = false
  /** When the subscriber took the command (performance.now()); set by the subscription. */
  takenAt = 0

  constructor(owner: ContextOwner, message: CommandDispatchedMessage, command: Command) {
    this.#owner = owner
    this.#message = message
    this.command = command
  }

  get isFinished(): boolean {
    return this.#finished
  }

  finish(error?: unknown): Promise<void> {
    if (this.#finished) {
      const { name, id } = this.command
      return Promise.reject(
        new GoesError(
          'INVALID_STATE',
          `finish() was called twice for command "${name}" (${id}); the first call's outcome stands. Call finish() exactly once per command.`,
        ),
      )
    }
    this.#finished = true
    this.#owner.finished()
    const runtimeMs = this.takenAt === 0 ? 0 : Math.max(0, performance.now() - this.takenAt)
    return publishExecuted(this.#owner, this.#message, runtimeMs, error)
  }
}

/** Publishes the outcome of a command; `error` null or undefined means success. @internal */
export function publishExecuted(
  owner: Pick<ContextOwner, 'handlerId' | 'bus'>,
  m: CommandDispatchedMessage,
  runtimeMs: number,
  error: unknown,
): Promise<void> {
  const executed: CommandExecutedMessage = {
    kind: 'executed',
    commandId: m.commandId,
    dispatcherId: m.dispatcherId,
    handlerId: owner.handlerId,
    runtimeMs,
    error: error === undefined || error === null ? undefined : safeWire(error, m.name),
  }
  return publishOne(owner.bus, newEvent(COMMAND_EXECUTED, executed))
}

/** The wire form of a handler's error; an error that cannot be converted still reports the failure. */
function safeWire(error: unknown, commandName: string): CommandWireError {
  try {
    return errorToWire(error)
  } catch (err) {
    return {
      code: 'COMMAND_FAILED',
      message: `Command "${commandName}" failed, and its error could not be sent: ${(err as Error).message}`,
      messages: {},
      details: [],
      cause: undefined,
    }
  }
}
