import type { SignalOptions } from '../stream/signal.js'

/**
 * A command: plain readonly data asking for something to be done, optionally addressed to one
 * aggregate. Create commands with `newCommand`.
 *
 * @public
 */
export interface Command<Name extends string = string, Payload = unknown> {
  readonly id: string
  readonly name: Name
  readonly payload: Payload
  readonly aggregate?: { readonly name: string; readonly id: string } | undefined
}

/** A map from command names to payload types, like an EventMap. @public */
export type CommandMap = Record<string, unknown>

/** The union of commands of a {@link CommandMap}, discriminated by `name`. @public */
export type CommandOf<M extends CommandMap, K extends keyof M & string = keyof M & string> = {
  [N in K]: Command<N, M[N]>
}[K]

/** Options of {@link CommandBus.dispatch}. @public */
export interface DispatchOptions extends SignalOptions {
  /**
   * Wait for the command to be executed and resolve with its report, rejecting with the
   * handler's error (a `CommandError` with code, message and details). Default false:
   * resolve once a handler has accepted the command.
   */
  readonly sync?: boolean
  /**
   * How long a handler may take to accept the command before `NOT_ASSIGNED` (ms, counted from
   * the dispatch; `Infinity` for no limit).
   */
  readonly assignTimeoutMs?: number
  /**
   * With `sync`, how long to wait for the execution before `TIMEOUT` (ms, counted from the
   * dispatch, so it bounds the whole call; `Infinity` for no limit).
   */
  readonly timeoutMs?: number
}

/** What a dispatch resolves with. @public */
export interface ExecutionReport {
  readonly command: Pick<Command, 'id' | 'name' | 'aggregate'>
  /** Execution time in milliseconds, as measured by the handler (sync dispatch only). */
  readonly runtimeMs?: number
}

/**
 * A received command that must be finished exactly once: `finish()` on success,
 * `finish(err)` on failure (the error travels back to a synchronous dispatcher).
 *
 * @public
 */
export interface CommandContext<C extends Command = Command> {
  readonly command: C
  finish(error?: unknown): Promise<void>
}

/** A live command subscription: an async iterable of contexts plus an error stream. @public */
export interface CommandSubscription<C extends Command = Command>
  extends AsyncIterable<CommandContext<C>>,
    AsyncDisposable {
  /** Problems with this subscription's messages; the oldest are dropped beyond `maxBufferedErrors` unread. */
  readonly errors: AsyncIterable<import('../errors/errors.js').GoesError>
  /** Errors dropped from `errors` (oldest first) because `maxBufferedErrors` were waiting unread. */
  readonly droppedErrors: number
  close(): Promise<void>
}

/**
 * The command bus contract (FEATURES C1): each dispatched command is executed by exactly one
 * subscriber, however many processes subscribe.
 *
 * @public
 */
export interface CommandBus {
  dispatch(command: Command, options?: DispatchOptions): Promise<ExecutionReport>
  subscribe(names: readonly string[], options?: SignalOptions): Promise<CommandSubscription>
}
