import { GoesError, isGoesError } from '../../errors/errors.js'
import { formatCause } from '../../errors/format.js'
import { aggregateKey } from '../../internal/pool.js'
import { type LoopInput, RunningLoop } from '../../internal/running.js'
import type { Command, CommandContext, CommandSubscription } from '../types.js'
import { CommandHandlerError } from './errors.js'
import type { ResolvedCommandOptions } from './options.js'

/**
 * What a command handler function receives besides the command.
 *
 * @example
 * ```ts
 * handler.on('mail.send', (cmd, { signal }) => mailer.send(cmd.payload, { signal }))
 * ```
 * @public
 */
export interface CommandHandlerContext {
  /** Aborts when the command handler stops; long-running handlers can pass it on to their I/O. */
  readonly signal: AbortSignal
}

/**
 * A command handler function; sync or async. Returning finishes the command successfully;
 * throwing (or rejecting) finishes it with that error, which travels back to the dispatcher —
 * throw a `CommandError` to give it a code, a readable message and details.
 *
 * @example
 * ```ts
 * const send: CommandFn<CommandOf<MailCommands, 'mail.send'>> = async (cmd) => { await mailer.send(cmd.payload) }
 * ```
 * @public
 */
export type CommandFn<C extends Command = Command> = (
  command: C,
  context: CommandHandlerContext,
) => void | PromiseLike<void>

/**
 * A started command handler, returned by `CommandHandler.start()` (and `handleAggregateCommands`,
 * `handleBuiltins`).
 *
 * @example
 * ```ts
 * await using running = await handler.start()
 * for await (const err of running.errors) log.warn(err)
 * ```
 * @public
 */
export interface RunningCommandHandler extends AsyncDisposable {
  /**
   * Every reported error: a `CommandHandlerError` per failed command, the subscription's errors
   * (malformed messages), a failed `finish()`, and a last error if the subscription itself
   * fails (the handler then stops). Ends when the handler has stopped. Iterate it once.
   */
  readonly errors: AsyncIterable<GoesError>
  /** Errors dropped from `errors` (oldest first) because `maxBufferedErrors` were waiting unread; `onError` saw them all. */
  readonly droppedErrors: number
  /** Resolves once the handler has stopped and its last command in flight has finished. Never rejects. */
  readonly done: Promise<void>
  /** Stops taking commands, waits for the ones in flight, resolves like {@link done}. Idempotent. */
  stop(): Promise<void>
}

/** The parts of a start that succeeded, handed over to the loop. @internal */
export interface CommandRunInput extends LoopInput<CommandContext> {
  readonly sub: CommandSubscription
  readonly handlers: ReadonlyMap<string, CommandFn>
  readonly options: ResolvedCommandOptions
}

/** @internal */
export class RunningCommands extends RunningLoop<CommandContext> implements RunningCommandHandler {
  readonly #handlers: ReadonlyMap<string, CommandFn>
  readonly #context: CommandHandlerContext

  constructor(input: CommandRunInput) {
    super(input, commandKey)
    this.#handlers = input.handlers
    this.#context = { signal: input.controller.signal }
  }

  protected async handle(ctx: CommandContext): Promise<void> {
    const command = ctx.command
    const fn = this.#handlers.get(command.name)
    let failed = false
    let error: unknown
    try {
      if (fn === undefined) throw unhandled(command)
      const r = fn(command, this.#context)
      if (r != null && typeof (r as PromiseLike<void>).then === 'function') await r
    } catch (cause) {
      failed = true
      // A thrown `undefined` must still fail the command, not finish it successfully.
      error = cause === undefined ? new GoesError('COMMAND_FAILED', 'The command handler threw undefined.') : cause
      this.report(new CommandHandlerError(command, error))
    }
    try {
      await (failed ? ctx.finish(error) : ctx.finish())
    } catch (cause) {
      this.report(
        new GoesError(
          'HANDLER_FAILED',
          `Command "${command.name}" (id ${command.id}) was handled but could not be finished: ${formatCause(cause)}. ` +
            'The dispatcher may time out; check the command bus and its event bus.',
          { cause },
        ),
      )
    }
  }

  protected fatal(err: unknown): GoesError {
    if (isGoesError(err)) return err
    return new GoesError(
      'HANDLER_FAILED',
      `The command handler stopped because its subscription failed: ${formatCause(err)}. Check the command bus, then start a new handler.`,
      { cause: err },
    )
  }
}

function commandKey(ctx: CommandContext): string | undefined {
  return aggregateKey(ctx.command.aggregate)
}

function unhandled(command: Command): GoesError {
  return new GoesError(
    'COMMAND_FAILED',
    `This command handler has no handler for command "${command.name}" (id ${command.id}), but the command bus delivered it. ` +
      'Register one with on(), or check that the command bus only delivers the subscribed names.',
  )
}
