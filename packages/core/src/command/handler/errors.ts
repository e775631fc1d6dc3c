import { GoesError } from '../../errors/errors.js'
import { formatCause } from '../../errors/format.js'
import { isHandlerFailure } from '../../internal/failure.js'
import type { Command } from '../types.js'

/**
 * A command handler function threw or rejected. The error it threw travels back to the
 * dispatcher (a synchronous dispatch rejects with it); the command handler also reports this
 * error (to `onError` and `running.errors`) and carries on with the next command.
 *
 * @example
 * ```ts
 * for await (const err of running.errors) {
 *   if (isCommandHandlerError(err)) log.warn(`${err.commandName} ${err.commandId} failed`, err.cause)
 * }
 * ```
 * @public
 */
export class CommandHandlerError extends GoesError<'HANDLER_FAILED'> {
  override readonly name = 'CommandHandlerError'
  /** Name of the command whose handler failed. */
  readonly commandName: string
  /** Id of the command whose handler failed. */
  readonly commandId: string
  /** The command itself. */
  readonly command: Command

  constructor(command: Command, cause: unknown) {
    super(
      'HANDLER_FAILED',
      `The handler of command "${command.name}" (id ${command.id}) failed: ${formatCause(cause)}. ` +
        'The error was sent back to the dispatcher and the command handler carried on with the next command.',
      { cause },
    )
    this.commandName = command.name
    this.commandId = command.id
    this.command = command
  }
}

/**
 * Reports whether `err` is a {@link CommandHandlerError} from any copy of the package (it checks
 * the `HANDLER_FAILED` code and the command fields, not `instanceof`).
 *
 * @example
 * ```ts
 * new CommandHandler(bus, { onError: (err) => { if (isCommandHandlerError(err)) metrics.failed(err.commandName) } })
 * ```
 * @public
 */
export function isCommandHandlerError(err: unknown): err is CommandHandlerError {
  return isHandlerFailure(err, 'commandId', 'commandName')
}
