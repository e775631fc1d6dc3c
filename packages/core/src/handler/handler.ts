import type { EventBus, Subscription } from '../bus/bus.js'
import { abortError, GoesError } from '../errors/errors.js'
import type { EventMap, EventOf } from '../event/event.js'
import { nowNano } from '../event/time.js'
import { checkOn, checkStart, type HandlerKind, linkSignal } from '../internal/registration.js'
import type { Query } from '../query/types.js'
import type { SignalOptions } from '../stream/signal.js'
import { type EventHandlerOptions, type ResolvedOptions, resolveOptions } from './options.js'
import { type HandlerFn, type RunInput, Running, type RunningHandler } from './running.js'

/**
 * Runs handler functions for events of given names, as they are published on a bus —
 * optionally after replaying the stored ones (`startup`).
 *
 * - **Order.** Several handlers of one name run one after the other, in registration order.
 *   With `workers > 1` events are handled concurrently, but the events of one aggregate (same
 *   aggregate name and id) always in order; events without an aggregate spread freely.
 * - **Failures.** A handler that throws or rejects is reported as a {@link HandlerError} (to
 *   `onError` and `running.errors`) and the handler carries on: with the next handler of the
 *   same event, then the next event. A failing handler never stops the event handler.
 * - **Startup replay.** `start()` subscribes FIRST, then queries the store for the registered
 *   names (restricted by `startup.query`, sorted by time), so nothing published meanwhile is
 *   missed. `start()` resolves once the subscription is active and the replay query has
 *   answered (a broken query or store rejects `start()`); replayed events are then handled in
 *   the background — all of them before the first live event (`running.replayed` tells when).
 *   Live events that the replay already delivered are skipped; ids are remembered only within
 *   `startup.dedupeWindowMs` of the live stream's position, which bounds the memory but can,
 *   rarely, let a very late duplicate through: handlers should be idempotent (at-least-once).
 * - **Back-pressure.** At most `2 × workers` events are taken from the subscription and not
 *   finished yet; the handler pulls more only as workers free up.
 *
 * @example
 * ```ts
 * const handler = new EventHandler<TodoEvents>(bus, { startup: { store, query: lastWeek } })
 *   .on('todo.task_added', (e) => mailer.send(e.data.title))
 * const running = await handler.start({ signal })
 * for await (const err of running.errors) log.warn(err)
 * ```
 * @typeParam M - the event map; `on()` then narrows each handler's event by its name.
 * @public
 */
export class EventHandler<M extends EventMap = EventMap> {
  readonly #bus: EventBus
  readonly #options: ResolvedOptions
  readonly #handlers = new Map<string, HandlerFn[]>()
  #state: 'idle' | 'starting' | 'started' = 'idle'

  /** Throws `INVALID_OPTION` for a missing bus or a bad option value (e.g. `workers: 0`). */
  constructor(bus: EventBus, options?: EventHandlerOptions) {
    if (typeof (bus as Partial<EventBus> | undefined)?.subscribe !== 'function') {
      throw new GoesError(
        'INVALID_OPTION',
        'new EventHandler(bus) needs an EventBus (an object with a subscribe() method) as its first argument.',
      )
    }
    this.#bus = bus
    this.#options = resolveOptions(options)
  }

  /** The registered event names, in registration order. */
  get names(): readonly string[] {
    return [...this.#handlers.keys()]
  }

  /**
   * Registers `fn` for events of `names` (one name or several). Returns `this` for chaining.
   * Throws `INVALID_NAME` for a bad name and `INVALID_STATE` once the handler was started.
   */
  on<const N extends keyof M & string>(names: N | readonly N[], fn: HandlerFn<EventOf<M, N>>): this {
    const list = checkOn(KIND, this.#state !== 'idle', names, fn)
    for (const name of new Set(list)) {
      const fns = this.#handlers.get(name)
      if (fns === undefined) this.#handlers.set(name, [fn as HandlerFn])
      else fns.push(fn as HandlerFn)
    }
    return this
  }

  /**
   * Subscribes to the registered names, opens the startup replay (if any) and starts handling.
   * Resolves once subscribed and the replay has started (see the class docs). Rejects with
   * `INVALID_STATE` when already started or with nothing registered, `ABORTED` when `signal`
   * fires first, or the bus's / store's error. Aborting `signal` later stops the handler.
   */
  async start(options: SignalOptions = {}): Promise<RunningHandler> {
    const { signal } = options
    checkStart(KIND, this.#state !== 'idle', this.#handlers.size, signal)
    this.#state = 'starting'
    try {
      const running = new Running(await this.#open(signal))
      this.#state = 'started'
      return running
    } catch (err) {
      this.#state = 'idle'
      throw err
    }
  }

  async #open(signal: AbortSignal | undefined): Promise<RunInput> {
    const { controller, cleanup } = linkSignal(signal)
    const names = this.names
    const subscribedAtNano = nowNano()
    let sub: Subscription | undefined
    try {
      sub = await this.#bus.subscribe(names, { signal: controller.signal })
      if (signal?.aborted === true) throw abortError(signal, 'EventHandler.start()')
      const startup = this.#options.startup
      let replay: RunInput['replay']
      const query = startup === undefined ? undefined : replayQuery(startup.query, names)
      if (startup !== undefined && query !== undefined) {
        const it = startup.store.query(query, { signal: controller.signal })[Symbol.asyncIterator]()
        replay = { it, first: await it.next() }
      }
      const handlers = new Map([...this.#handlers].map(([name, fns]) => [name, [...fns]] as const))
      return { sub, controller, handlers, options: this.#options, subscribedAtNano, replay, cleanup }
    } catch (err) {
      cleanup()
      controller.abort()
      await sub?.close().catch(() => {})
      throw err
    }
  }
}

const KIND: HandlerKind = { owner: 'EventHandler', item: 'event', handle: 'the RunningHandler' }

/** The startup query restricted to the registered names, sorted by time; `undefined` when nothing can match. */
function replayQuery(query: Query, names: readonly string[]): Query | undefined {
  const restricted = query.names === undefined ? names : query.names.filter((n) => names.includes(n))
  if (restricted.length === 0) return undefined
  return {
    ...query,
    names: restricted,
    // Time first; the version breaks ties so one aggregate's events never swap.
    sort: [
      { by: 'time', dir: 'asc' },
      { by: 'aggregateVersion', dir: 'asc' },
    ],
  }
}
