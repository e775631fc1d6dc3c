import type { Subscription } from '../bus/bus.js'
import { GoesError, isGoesError } from '../errors/errors.js'
import { formatCause } from '../errors/format.js'
import type { Event } from '../event/event.js'
import { aggregateKey } from '../internal/pool.js'
import { type LoopInput, RunningLoop } from '../internal/running.js'
import { HandlerError } from './errors.js'
import type { ResolvedOptions } from './options.js'
import { ReplayMemory } from './replay-memory.js'

/**
 * What a registered handler receives besides the event.
 *
 * @example
 * ```ts
 * handler.on('mail.requested', (e, { signal }) => mailer.send(e.data, { signal }))
 * ```
 * @public
 */
export interface HandlerContext {
  /** Aborts when the event handler stops; long-running handlers can pass it on to their I/O. */
  readonly signal: AbortSignal
}

/**
 * A handler function; it may be sync or async. What it throws or rejects with is reported as a
 * {@link HandlerError} and never stops the event handler.
 *
 * @example
 * ```ts
 * const onAdded: HandlerFn<EventOf<TodoEvents, 'todo.task_added'>> = async (e) => { await index(e.data.title) }
 * ```
 * @public
 */
export type HandlerFn<E extends Event = Event> = (event: E, context: HandlerContext) => void | PromiseLike<void>

/**
 * A started event handler, returned by `EventHandler.start()`.
 *
 * @example
 * ```ts
 * await using running = await handler.start()
 * for await (const err of running.errors) log.warn(err)
 * ```
 * @public
 */
export interface RunningHandler extends AsyncDisposable {
  /**
   * Every reported error: a {@link HandlerError} per failed handler call, the subscription's
   * errors (malformed messages), and a last error if the replay or the subscription itself
   * fails (the handler then stops). Ends when the handler has stopped. Iterate it once.
   */
  readonly errors: AsyncIterable<GoesError>
  /** Errors dropped from `errors` (oldest first) because `maxBufferedErrors` were waiting unread; `onError` saw them all. */
  readonly droppedErrors: number
  /**
   * Resolves once every replayed event has been handled (at once without a startup replay;
   * also when the replay is cut short by a stop or a failure).
   */
  readonly replayed: Promise<void>
  /** Resolves once the handler has stopped and its last in-flight handler has finished. Never rejects. */
  readonly done: Promise<void>
  /** Stops pulling events, waits for the handlers in flight, resolves like {@link done}. Idempotent. */
  stop(): Promise<void>
}

/** The parts of a start that succeeded, handed over to the loop. @internal */
export interface RunInput extends LoopInput<Event> {
  readonly sub: Subscription
  readonly handlers: ReadonlyMap<string, readonly HandlerFn[]>
  readonly options: ResolvedOptions
  readonly subscribedAtNano: bigint
  /** The opened replay and its first result, when there is a startup replay. */
  readonly replay: { readonly it: AsyncIterator<Event>; readonly first: IteratorResult<Event> } | undefined
}

/** @internal */
export class Running extends RunningLoop<Event> implements RunningHandler {
  readonly replayed: Promise<void>
  readonly #in: RunInput
  readonly #context: HandlerContext
  #phase = 'startup replay'
  /** Ids of replayed events, to skip them when they also arrive live. */
  #memory: ReplayMemory | undefined
  #resolveReplayed!: () => void

  constructor(input: RunInput) {
    super(input, eventKey)
    this.#in = input
    this.#context = { signal: input.controller.signal }
    this.replayed = new Promise<void>((resolve) => {
      this.#resolveReplayed = resolve
    })
  }

  protected async handle(event: Event): Promise<void> {
    const fns = this.#in.handlers.get(event.name)
    if (fns === undefined) return
    for (let i = 0; i < fns.length; i++) {
      try {
        const r = (fns[i] as HandlerFn)(event, this.#context)
        if (r != null && typeof (r as PromiseLike<void>).then === 'function') await r
      } catch (cause) {
        this.report(new HandlerError(event, cause))
      }
    }
  }

  protected override beforeLive(): Promise<void> {
    return this.#replay()
  }

  protected override skip(event: Event): boolean {
    return this.#memory?.replayed(event) === true
  }

  protected override stopped(): void {
    this.#resolveReplayed()
  }

  protected fatal(err: unknown): GoesError {
    if (isGoesError(err)) return err
    return new GoesError(
      'HANDLER_FAILED',
      `The event handler stopped because its ${this.#phase} failed: ${formatCause(err)}. Check the bus and store, then start a new EventHandler.`,
      { cause: err },
    )
  }

  /** Hands the replay to the pool, then waits until it is handled; remembers the ids to skip live. */
  async #replay(): Promise<void> {
    const replay = this.#in.replay
    const startup = this.#in.options.startup
    if (replay === undefined || startup === undefined) {
      this.#resolveReplayed()
      this.#phase = 'subscription'
      return
    }
    const memory = new ReplayMemory(this.#in.subscribedAtNano, startup.windowNs)
    const pool = this.pool
    let r = replay.first
    try {
      while (r.done !== true) {
        memory.remember(r.value)
        const wait = pool.room()
        if (wait !== undefined) await wait
        pool.accept(r.value)
        if (this.stopping) break
        r = await replay.it.next()
      }
    } finally {
      // Cut short: release the store's cursor without waiting (it may be stuck after an abort).
      if (r.done !== true) Promise.resolve(replay.it.return?.()).catch(() => {})
    }
    // Replayed events are all handled before the first live one: handlers see history first.
    await pool.idle()
    this.#resolveReplayed()
    if (memory.size > 0) this.#memory = memory
    this.#phase = 'subscription'
  }
}

function eventKey(event: Event): string | undefined {
  return aggregateKey(event.aggregate)
}
