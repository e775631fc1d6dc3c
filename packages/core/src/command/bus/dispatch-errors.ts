import { GoesError, isGoesError } from '../../errors/errors.js'
import type { Command } from '../types.js'
import type { CommandBusMode } from './protocol.js'

// The errors a dispatch fails with when no handler answers: each names the command, the limit
// that ran out, and what to do about it.

type Named = Pick<Command, 'id' | 'name'>

/** No handler accepted the command in time. @internal */
export function notAssignedError(command: Named, ms: number, mode: CommandBusMode): GoesError<'NOT_ASSIGNED'> {
  const { name, id } = command
  return new GoesError(
    'NOT_ASSIGNED',
    `No handler accepted command "${name}" (${id}) within ${ms} ms. Subscribe a handler to "${name}" on this event bus (with the same command bus mode, '${mode}'), or raise assignTimeoutMs.`,
  )
}

/** A synchronous dispatch got no "executed" in time. @internal */
export function timeoutError(command: Named, ms: number, accepted: boolean): GoesError<'TIMEOUT'> {
  const { name, id } = command
  const why = accepted ? ': a handler accepted it but did not finish it in time' : ''
  return new GoesError(
    'TIMEOUT',
    `Command "${name}" (${id}) was not executed within ${ms} ms${why}. Raise timeoutMs, or make the handler of "${name}" call finish().`,
  )
}

/** A dispatch that can no longer be answered (bus closed, subscription ended). @internal */
export function closedError(reason: string, command: Named): GoesError<'CLOSED'> {
  return new GoesError('CLOSED', `${reason} (command "${command.name}", ${command.id})`)
}

/** A failed publish, with a hint when the event bus's codecs lack the protocol names. @internal */
export function publishError(err: unknown, command: Named): unknown {
  if (!isGoesError(err, 'UNKNOWN_NAME')) return err
  return new GoesError(
    'UNKNOWN_NAME',
    `Cannot send command "${command.name}" (${command.id}): the event bus has no codec for the command protocol. Call registerCommandProtocol(codecs) on the CodecRegistry of the event bus.`,
    { cause: err },
  )
}
