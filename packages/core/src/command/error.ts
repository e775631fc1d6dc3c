import { GoesError, isGoesError } from '../errors/errors.js'
import { formatValue } from '../errors/format.js'
import { checkDetails, checkMessages, type ErrorDetail, pickLocale } from './error-parts.js'

/**
 * Options of {@link CommandError}.
 *
 * @example
 * ```ts
 * const options: CommandErrorOptions = { cause: err, messages: { de: 'Die Liste ist voll.' } }
 * ```
 * @public
 */
export interface CommandErrorOptions {
  /** The underlying error, kept as the standard `cause` (only its name, message and code cross a wire). */
  cause?: unknown
  /** Structured details (protobuf messages packed as `google.protobuf.Any`). */
  details?: readonly ErrorDetail[]
  /** The message in other languages, by BCP 47 locale (`'de'`, `'de-AT'`, `'en-US'`). */
  messages?: Readonly<Record<string, string>>
  /** The command that failed; command buses set it on the dispatcher's side. */
  command?: { readonly id: string; readonly name: string }
}

/**
 * The error of a failed command, as the handler raised it and as a synchronous dispatcher
 * receives it: an application-defined `code` (string or number) to branch on, a human-readable
 * `message` (optionally localised), the `cause`, and structured protobuf `details` — all of
 * which survive the trip over a command bus. A `GoesError` like every error goes raises; its
 * `code` is the application's own, a string or a number, not one of the framework's codes.
 *
 * A handler may also throw any other error: the dispatcher then gets a `CommandError` with the
 * goes error's code (e.g. `AGGREGATE_DELETED`), or `COMMAND_FAILED` for a plain error.
 *
 * @example
 * ```ts
 * throw new CommandError('LIST_FULL', 'The list already has 100 tasks.', {
 *   messages: { de: 'Die Liste hat schon 100 Aufgaben.' },
 *   details: [packDetail(QuotaFailure, { limit: 100 })],
 * })
 * // dispatcher: catch (err) { if (isCommandError(err, 'LIST_FULL')) show(err.localizedMessage('de')) }
 * ```
 * @public
 */
export class CommandError extends GoesError<string | number> {
  override readonly name: string = 'CommandError'
  /** Structured details, in order. */
  readonly details: readonly ErrorDetail[]
  /** The message by locale (the default `message` is not repeated here). */
  readonly messages: Readonly<Record<string, string>>
  /** The command that failed, when known (set on the dispatcher's side). */
  readonly command: { readonly id: string; readonly name: string } | undefined

  /** Throws `INVALID_OPTION` for an empty code, malformed details or non-text messages. */
  constructor(code: string | number, message: string, options: CommandErrorOptions = {}) {
    if (!((typeof code === 'string' && code.length > 0) || (typeof code === 'number' && Number.isFinite(code)))) {
      throw new GoesError(
        'INVALID_OPTION',
        `A command error code must be a non-empty string or a finite number, got ${formatValue(code)}. Example: new CommandError('LIST_FULL', 'The list is full.').`,
      )
    }
    if (typeof message !== 'string') {
      throw new GoesError('INVALID_OPTION', `A command error message must be a string, got ${formatValue(message)}.`)
    }
    super(code, message, { cause: options.cause })
    this.details = checkDetails(options.details)
    this.messages = checkMessages(options.messages)
    this.command = options.command === undefined ? undefined : { id: options.command.id, name: options.command.name }
  }

  /**
   * The message for `locale`: an exact match, else one of the same language (`'de-AT'` finds
   * `'de'`, and `'de'` finds `'de-DE'`), else the default `message`. Case-insensitive.
   */
  localizedMessage(locale?: string): string {
    return pickLocale(this.messages, locale) ?? this.message
  }
}

/**
 * Creates a {@link CommandError}; the same as `new CommandError(code, message, options)`.
 *
 * @example
 * ```ts
 * return ctx.finish(commandError('OUT_OF_STOCK', `Only ${left} left.`, { messages: { de: `Nur ${left} übrig.` } }))
 * ```
 * @public
 */
export function commandError(code: string | number, message: string, options?: CommandErrorOptions): CommandError {
  return new CommandError(code, message, options)
}

/**
 * Options of {@link fail}.
 *
 * @example
 * ```ts
 * const options: FailOptions = { code: 'LIST_FULL', messages: { de: 'Die Liste ist voll.' } }
 * ```
 * @public
 */
export type FailOptions = Omit<CommandErrorOptions, 'cause'> & {
  /** The code; by default the cause's (a goes or command error), else `COMMAND_FAILED`. */
  code?: string | number
}

/**
 * Wraps the error that made a command fail into a {@link CommandError} with a human-readable
 * message for the dispatcher; the original error stays the `cause`. The code is taken from the
 * cause when it has one (a goes error or command error), else `COMMAND_FAILED`; details of a
 * command error cause are kept unless `details` is given.
 *
 * @example
 * ```ts
 * try { await repo.use(id, (list) => list.add(title)) }
 * catch (err) { throw fail(err, `Could not add "${title}" to the list.`) }
 * ```
 * @public
 */
export function fail(cause: unknown, message: string, options: FailOptions = {}): CommandError {
  const inner = isCommandError(cause) ? cause : undefined
  const causeCode = inner?.code ?? codeOf(cause)
  return new CommandError(options.code ?? causeCode ?? 'COMMAND_FAILED', message, {
    cause,
    details: options.details ?? inner?.details,
    messages: options.messages,
    command: options.command,
  })
}

/**
 * Reports whether `err` is a command error, optionally with the given code. Structural: it
 * accepts any error with a string or number `code`, a `message`, a `details` array and a
 * `localizedMessage` method, whichever copy of the package made it.
 *
 * @example
 * ```ts
 * try { await bus.dispatch(cmd, { sync: true }) }
 * catch (err) { if (isCommandError(err, 'LIST_FULL')) return showFull(err.localizedMessage(locale)) }
 * ```
 * @public
 */
export function isCommandError(err: unknown, code?: string | number): err is CommandError {
  if (typeof err !== 'object' || err === null) return false
  const e = err as Partial<CommandError>
  const c = e.code
  if (typeof c !== 'string' && typeof c !== 'number') return false
  if (typeof e.message !== 'string' || !Array.isArray(e.details) || typeof e.localizedMessage !== 'function') {
    return false
  }
  return code === undefined || c === code
}

/**
 * Turns anything a command handler threw into a {@link CommandError}: a command error as it
 * is; a goes error keeps its code (so `isGoesError(err, 'NOT_FOUND')` still holds for the
 * dispatcher); any other error becomes `COMMAND_FAILED` with its message. The original is the
 * `cause` (unless it is returned as it is).
 *
 * @example
 * ```ts
 * const err = toCommandError(new Error('disk full')) // code 'COMMAND_FAILED', message 'disk full'
 * ```
 * @public
 */
export function toCommandError(err: unknown): CommandError {
  if (err instanceof CommandError) return err
  if (isCommandError(err)) {
    return new CommandError(err.code, err.message, {
      cause: err.cause,
      details: err.details,
      messages: err.messages,
      command: err.command,
    })
  }
  const text =
    err instanceof Error ? err.message : typeof err === 'string' ? err : `Command failed: ${formatValue(err)}.`
  return new CommandError(codeOf(err) ?? 'COMMAND_FAILED', text.length > 0 ? text : 'The command failed.', {
    cause: err,
  })
}

/** The code of a goes error (from any copy of the package). */
function codeOf(err: unknown): string | undefined {
  return isGoesError(err) ? err.code : undefined
}
