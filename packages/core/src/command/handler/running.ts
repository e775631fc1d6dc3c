import { GoesError, isGoesError } from '../../errors/errors.js'
import { AsyncQueue } from '../../stream/queue.js'
import type { Command, CommandContext, CommandSubscription } from '../types.js'
import { CommandHandlerError, describeCause } from './errors.js'
import type { ResolvedCommandOptions } from './options.js'
import { KeyedPool } from './pool.js'

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
  /** Resolves once the handler has stopped and its last command in flight has finished. Never rejects. */
  readonly done: Promise<void>
  /** Stops taking commands, waits for the ones in flight, resolves like {@link done}. Idempotent. */
  stop(): Promise<void>
}

/** The parts of a start that succeeded, handed over to the loop. @internal */
export interface CommandRunInput {
  readonly sub: CommandSubscription
  readonly controller: AbortController
  readonly handlers: ReadonlyMap<string, CommandFn>
  readonly options: ResolvedCommandOptions
  /** Called once the handler has stopped (to detach the caller's abort listener). */
  readonly cleanup: () => void
}

/** @internal */
export class RunningCommands implements RunningCommandHandler {
  readonly errors: AsyncIterable<GoesError>
  readonly done: Promise<void>
  readonly #in: CommandRunInput
  readonly #errors = new AsyncQueue<GoesError>()
  readonly #pool: KeyedPool<CommandContext>
  readonly #context: CommandHandlerContext
  #stopping = false

  constructor(input: CommandRunInput) {
    this.#in = input
    this.errors = this.#errors
    this.#context = { signal: input.controller.signal }
    this.#pool = new KeyedPool(input.options.workers, keyOf, (ctx) => this.#handle(ctx))
    void this.#forwardBusErrors()
    this.done = this.#loop()
    const signal = input.controller.signal
    if (signal.aborted) void this.stop()
    else signal.addEventListener('abort', () => void this.stop(), { once: true })
  }

  stop(): Promise<void> {
    if (!this.#stopping) {
      this.#stopping = true
      this.#in.controller.abort()
      this.#in.sub.close().catch(() => {})
    }
    return this.done
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop()
  }

  #report(err: GoesError): void {
    const onError = this.#in.options.onError
    if (onError !== undefined) {
      try {
        onError(err)
      } catch {
        // Documented: onError must not throw. Reporting its failure to itself could loop.
      }
    }
    // Bounded while nobody reads: drop the oldest (onError above still saw it).
    if (this.#errors.size >= this.#in.options.maxBufferedErrors) void this.#errors.next()
    this.#errors.push(err)
  }

  async #handle(ctx: CommandContext): Promise<void> {
    const command = ctx.command
    const fn = this.#in.handlers.get(command.name)
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
      this.#report(new CommandHandlerError(command, error))
    }
    try {
      await (failed ? ctx.finish(error) : ctx.finish())
    } catch (cause) {
      this.#report(
        new GoesError(
          'HANDLER_FAILED',
          `Command "${command.name}" (id ${command.id}) was handled but could not be finished: ${describeCause(cause)}. ` +
            'The dispatcher may time out; check the command bus and its event bus.',
          { cause },
        ),
      )
    }
  }

  async #forwardBusErrors(): Promise<void> {
    try {
      for await (const err of this.#in.sub.errors) this.#report(err)
    } catch {
      // The error stream itself failed; the command loop reports the subscription's failure.
    }
  }

  async #loop(): Promise<void> {
    // Yield first, so the constructor returns before any handler runs.
    await Promise.resolve()
    const pool = this.#pool
    try {
      for await (const ctx of this.#in.sub) {
        const wait = pool.room()
        if (wait !== undefined) await wait
        // Accepted even when stopping meanwhile: the command is already taken from the
        // subscription, and dropping it would leave its dispatcher waiting for nothing.
        pool.accept(ctx)
        if (this.#stopping) break
      }
    } catch (err) {
      if (!this.#stopping) this.#report(fatal(err))
    } finally {
      this.#stopping = true
      this.#in.controller.abort()
      await this.#in.sub.close().catch(() => {})
      await pool.idle()
      this.#errors.close()
      this.#in.cleanup()
    }
  }
}

function keyOf(ctx: CommandContext): string | undefined {
  const a = ctx.command.aggregate
  return a === undefined ? undefined : `${a.name}\u0000${a.id}`
}

function unhandled(command: Command): GoesError {
  return new GoesError(
    'COMMAND_FAILED',
    `This command handler has no handler for command "${command.name}" (id ${command.id}), but the command bus delivered it. ` +
      'Register one with on(), or check that the command bus only delivers the subscribed names.',
  )
}

function fatal(err: unknown): GoesError {
  if (isGoesError(err)) return err
  return new GoesError(
    'HANDLER_FAILED',
    `The command handler stopped because its subscription failed: ${describeCause(err)}. Check the command bus, then start a new handler.`,
    { cause: err },
  )
}
