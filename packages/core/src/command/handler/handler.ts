import { abortError, GoesError } from '../../errors/errors.js'
import { checkOn, checkStart, type HandlerKind, linkSignal } from '../../internal/registration.js'
import type { SignalOptions } from '../../stream/signal.js'
import type { CommandBus, CommandMap, CommandOf, CommandSubscription } from '../types.js'
import { type CommandHandlerOptions, type ResolvedCommandOptions, resolveCommandOptions } from './options.js'
import { type CommandFn, type RunningCommandHandler, RunningCommands } from './running.js'

/**
 * Runs handler functions for commands of given names, as a command bus delivers them
 * (FEATURES C4). Each command has exactly one handler; the command bus makes sure exactly one
 * subscriber in one process receives each dispatched command.
 *
 * - **Finishing.** A handler that returns finishes its command successfully; one that throws
 *   finishes it with the thrown error, which travels back to a synchronous dispatcher (throw a
 *   `CommandError` for a code, a readable message and details).
 * - **Failures.** A failed command is also reported as a `CommandHandlerError` (to `onError`
 *   and `running.errors`); the handler goes on with the next command.
 * - **Workers.** With `workers > 1` commands run concurrently, but the commands of one aggregate
 *   one after the other, in the order received. At most `2 × workers` commands are taken from
 *   the bus and unfinished; more are pulled only as workers free up.
 *
 * @example
 * ```ts
 * const running = await new CommandHandler<MailCommands>(commandBus, { workers: 4 })
 *   .on('mail.send', (cmd) => mailer.send(cmd.payload.to, cmd.payload.text))
 *   .start({ signal })
 * ```
 * @typeParam M - the command map; `on()` narrows each handler's command by its name.
 * @public
 */
export class CommandHandler<M extends CommandMap = CommandMap> {
  readonly #bus: CommandBus
  readonly #options: ResolvedCommandOptions
  readonly #handlers = new Map<string, CommandFn>()
  #state: 'idle' | 'starting' | 'started' = 'idle'

  /** Throws `INVALID_OPTION` for a missing command bus or a bad option value (e.g. `workers: 0`). */
  constructor(bus: CommandBus, options?: CommandHandlerOptions) {
    assertCommandBus(bus, 'new CommandHandler(bus)')
    this.#bus = bus
    this.#options = resolveCommandOptions(options)
  }

  /** The registered command names, in registration order. */
  get names(): readonly string[] {
    return [...this.#handlers.keys()]
  }

  /**
   * Registers `fn` for commands of `names` (one name or several). Returns `this` for chaining.
   * Throws `INVALID_NAME` for a bad name, `INVALID_OPTION` for a name that already has a handler
   * (a command is executed once, by one handler) and `INVALID_STATE` once started.
   */
  on<const N extends keyof M & string>(names: N | readonly N[], fn: CommandFn<CommandOf<M, N>>): this {
    const list = checkOn(KIND, this.#state !== 'idle', names, fn)
    for (const name of list) {
      if (this.#handlers.has(name)) {
        throw new GoesError(
          'INVALID_OPTION',
          `Command "${name}" already has a handler in this CommandHandler; a command is executed by exactly one handler. ` +
            'Do both things in one handler function.',
        )
      }
    }
    for (const name of list) this.#handlers.set(name, fn as CommandFn)
    return this
  }

  /**
   * Subscribes to the registered names on the command bus and starts handling. Resolves once
   * subscribed. Rejects with `INVALID_STATE` when already started or with nothing registered,
   * `ABORTED` when `signal` fires first, or the bus's error. Aborting `signal` later stops it.
   */
  async start(options: SignalOptions = {}): Promise<RunningCommandHandler> {
    const { signal } = options
    checkStart(KIND, this.#state !== 'idle', this.#handlers.size, signal)
    this.#state = 'starting'
    const { controller, cleanup } = linkSignal(signal)
    let sub: CommandSubscription | undefined
    try {
      sub = await this.#bus.subscribe(this.names, { signal: controller.signal })
      // The caller's signal is linked to the controller: did it fire while subscribing?
      if (controller.signal.aborted) throw abortError(controller.signal, 'CommandHandler.start()')
      const running = new RunningCommands({
        sub,
        controller,
        handlers: new Map(this.#handlers),
        options: this.#options,
        cleanup,
      })
      this.#state = 'started'
      return running
    } catch (err) {
      cleanup()
      controller.abort()
      await sub?.close().catch(() => {})
      this.#state = 'idle'
      throw err
    }
  }
}

const KIND: HandlerKind = { owner: 'CommandHandler', item: 'command', handle: 'the handle' }

/** Throws `INVALID_OPTION` unless `bus` looks like a {@link CommandBus}. @internal */
export function assertCommandBus(bus: unknown, where: string): asserts bus is CommandBus {
  const b = bus as Partial<CommandBus> | undefined
  if (typeof b?.subscribe !== 'function' || typeof b.dispatch !== 'function') {
    throw new GoesError(
      'INVALID_OPTION',
      `${where} needs a CommandBus (an object with dispatch() and subscribe(), e.g. an EventCommandBus) as its first argument.`,
    )
  }
}
