import type { Subscription } from '../bus/bus.js'
import { GoesError, isGoesError } from '../errors/errors.js'
import type { Event } from '../event/event.js'
import { AsyncQueue } from '../stream/queue.js'
import { HandlerError } from './errors.js'
import type { ResolvedOptions } from './options.js'
import { WorkerPool } from './pool.js'
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
export interface RunInput {
  readonly sub: Subscription
  readonly controller: AbortController
  readonly handlers: ReadonlyMap<string, readonly HandlerFn[]>
  readonly options: ResolvedOptions
  readonly subscribedAtNano: bigint
  /** The opened replay and its first result, when there is a startup replay. */
  readonly replay: { readonly it: AsyncIterator<Event>; readonly first: IteratorResult<Event> } | undefined
  /** Called once the handler has stopped (to detach the caller's abort listener). */
  readonly cleanup: () => void
}

/** @internal */
export class Running implements RunningHandler {
  readonly errors: AsyncIterable<GoesError>
  readonly replayed: Promise<void>
  readonly done: Promise<void>
  readonly #in: RunInput
  readonly #errors = new AsyncQueue<GoesError>()
  readonly #pool: WorkerPool
  readonly #context: HandlerContext
  #stopping = false
  #resolveReplayed!: () => void

  constructor(input: RunInput) {
    this.#in = input
    this.errors = this.#errors
    this.#context = { signal: input.controller.signal }
    this.#pool = new WorkerPool(input.options.workers, (event) => this.#handle(event))
    this.replayed = new Promise<void>((resolve) => {
      this.#resolveReplayed = resolve
    })
    void this.#forwardBusErrors()
    this.done = this.#loop()
    // The caller's start signal is linked to the controller; its abort is a stop like any other.
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
    const errors = this.#errors
    // Bounded while nobody reads: drop the oldest (onError above still saw it).
    if (errors.size >= this.#in.options.maxBufferedErrors) void errors.next()
    errors.push(err)
  }

  async #handle(event: Event): Promise<void> {
    const fns = this.#in.handlers.get(event.name)
    if (fns === undefined) return
    for (let i = 0; i < fns.length; i++) {
      try {
        const r = (fns[i] as HandlerFn)(event, this.#context)
        if (r != null && typeof (r as PromiseLike<void>).then === 'function') await r
      } catch (cause) {
        this.#report(new HandlerError(event, cause))
      }
    }
  }

  async #forwardBusErrors(): Promise<void> {
    try {
      for await (const err of this.#in.sub.errors) this.#report(err)
    } catch {
      // The error stream itself failed; the event loop reports the subscription's failure.
    }
  }

  async #loop(): Promise<void> {
    // Yield first, so the constructor returns before any handler runs.
    await Promise.resolve()
    const pool = this.#pool
    let phase = 'startup replay'
    try {
      const memory = await this.#replay()
      phase = 'subscription'
      if (this.#stopping) return
      for await (const event of this.#in.sub) {
        if (memory?.replayed(event)) continue
        const wait = pool.room()
        if (wait !== undefined) await wait
        // Accepted even when stopping meanwhile: the event is already taken from the
        // subscription, and dropping it would lose it silently.
        pool.accept(event)
        if (this.#stopping) break
      }
    } catch (err) {
      if (!this.#stopping) this.#report(fatal(err, phase))
    } finally {
      this.#stopping = true
      this.#in.controller.abort()
      await this.#in.sub.close().catch(() => {})
      await pool.idle()
      this.#resolveReplayed()
      this.#errors.close()
      this.#in.cleanup()
    }
  }

  /** Hands the replay to the pool, then waits until it is handled; returns the ids to skip live. */
  async #replay(): Promise<ReplayMemory | undefined> {
    const replay = this.#in.replay
    const startup = this.#in.options.startup
    if (replay === undefined || startup === undefined) {
      this.#resolveReplayed()
      return undefined
    }
    const memory = new ReplayMemory(this.#in.subscribedAtNano, startup.windowNs)
    const pool = this.#pool
    let r = replay.first
    try {
      while (r.done !== true) {
        memory.remember(r.value)
        const wait = pool.room()
        if (wait !== undefined) await wait
        pool.accept(r.value)
        if (this.#stopping) break
        r = await replay.it.next()
      }
    } finally {
      // Cut short: release the store's cursor without waiting (it may be stuck after an abort).
      if (r.done !== true) Promise.resolve(replay.it.return?.()).catch(() => {})
    }
    // Replayed events are all handled before the first live one: handlers see history first.
    await pool.idle()
    this.#resolveReplayed()
    return memory.size > 0 ? memory : undefined
  }
}

function fatal(err: unknown, phase: string): GoesError {
  if (isGoesError(err)) return err
  const message = err instanceof Error ? err.message : String(err)
  return new GoesError(
    'HANDLER_FAILED',
    `The event handler stopped because its ${phase} failed: ${message}. Check the bus and store, then start a new EventHandler.`,
    { cause: err },
  )
}
