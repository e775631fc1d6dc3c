import { CommandError, toCommandError } from '../error.js'
import type { Command } from '../types.js'
import type { CommandWireCause, CommandWireError } from './protocol.js'

// A handler's error on its way to the dispatcher: turned into plain data on the handler's side
// and rebuilt into a CommandError on the dispatcher's, with the same code, message, localised
// messages and details. Of the cause only name, message and code travel (a stack, or an
// arbitrary object graph, has no place on the wire).

/** The plain-data form of whatever a handler failed with. @internal */
export function errorToWire(err: unknown): CommandWireError {
  const e = toCommandError(err)
  return { code: e.code, message: e.message, messages: e.messages, details: e.details, cause: causeToWire(e.cause) }
}

function causeToWire(cause: unknown): CommandWireCause | undefined {
  if (cause === undefined || cause === null) return undefined
  if (typeof cause !== 'object') return { name: 'Error', message: String(cause), code: undefined }
  const c = cause as { name?: unknown; message?: unknown; code?: unknown }
  const code = (typeof c.code === 'string' && c.code.length > 0) || typeof c.code === 'number' ? c.code : undefined
  return {
    name: typeof c.name === 'string' ? c.name : 'Error',
    message: typeof c.message === 'string' ? c.message : String(cause),
    code,
  }
}

/**
 * An error standing for a cause that crossed the wire: the original's name, message and code
 * (so structural guards such as `isGoesError(err.cause, 'NOT_FOUND')` still work).
 */
class RemoteCause extends Error {
  override readonly name: string
  readonly code: string | number | undefined

  constructor(cause: CommandWireCause) {
    super(cause.message)
    this.name = cause.name
    this.code = cause.code
  }
}

/** Rebuilds the dispatcher's {@link CommandError} from its plain-data form. @internal */
export function errorFromWire(w: CommandWireError, command: Pick<Command, 'id' | 'name'>): CommandError {
  return new CommandError(w.code, w.message, {
    cause: w.cause === undefined ? undefined : new RemoteCause(w.cause),
    messages: w.messages,
    details: w.details,
    command: { id: command.id, name: command.name },
  })
}
