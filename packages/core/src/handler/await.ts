import { ALL_EVENTS, type BusError, type EventBus, type Subscription } from '../bus/bus.js'
import { abortError, GoesError } from '../errors/errors.js'
import { formatValue } from '../errors/format.js'
import type { Event } from '../event/event.js'
import { assertName } from '../event/validate.js'
import type { SignalOptions } from '../stream/signal.js'

/**
 * Options of {@link awaitEvents} and {@link nextEvent}.
 *
 * @example
 * ```ts
 * const opts: AwaitOptions = { count: 2, filter: (e) => e.aggregate?.id === orderId, timeoutMs: 5_000, signal }
 * ```
 * @public
 */
export interface AwaitOptions<E extends Event = Event> extends SignalOptions {
  /** How many matching events to wait for. Default 1. */
  readonly count?: number
  /** Only events for which this returns true count. If it throws, `events` rejects with that. */
  readonly filter?: (event: E) => boolean
  /** Gives up after this many milliseconds, counted from the subscription: `TIMEOUT`. */
  readonly timeoutMs?: number
  /** Receives the subscription's errors (malformed messages); ignored by default. */
  readonly onError?: (err: BusError) => void
}

/**
 * A subscription waiting for events, returned by {@link awaitEvents}.
 *
 * @example
 * ```ts
 * const waiter = await awaitEvents(bus, 'order.paid')
 * if (userCancelled) await waiter.cancel()
 * else console.log((await waiter.events)[0])
 * ```
 * @public
 */
export interface EventWaiter<E extends Event = Event> {
  /**
   * The first `count` matching events, in arrival order; the subscription is closed when it
   * settles. Rejects with `TIMEOUT`, `ABORTED` (signal or {@link EventWaiter.cancel}), `CLOSED`
   * (the subscription ended first) or what `filter` threw. Never causes an unhandled rejection.
   */
  readonly events: Promise<E[]>
  /** Stops waiting: `events` rejects with `ABORTED`; resolves once unsubscribed. Idempotent. */
  cancel(): Promise<void>
}

/**
 * Subscribes to `names` and waits for the next `count` matching events, then unsubscribes.
 * The returned promise resolves once the subscription is ACTIVE, so the caller can trigger the
 * events afterwards without a race.
 *
 * @example
 * ```ts
 * const waiter = await awaitEvents(bus, 'todo.task_added', { count: 2, timeoutMs: 5_000 })
 * await addTwoTasks()                 // published after the subscription: never missed
 * const [first, second] = await waiter.events
 * ```
 * @public
 */
export async function awaitEvents<E extends Event = Event>(
  bus: EventBus,
  names: string | readonly string[],
  options: AwaitOptions<E> = {},
): Promise<EventWaiter<E>> {
  const list = checkArgs(bus, names, options)
  const { signal, count = 1, timeoutMs } = options
  if (signal?.aborted === true) throw abortError(signal, 'awaitEvents()')
  const sub = await bus.subscribe(list, signal === undefined ? undefined : { signal })
  return new Waiter<E>(sub, list, count, options, timeoutMs)
}

/**
 * Subscribes to `names` and resolves with the next matching event.
 *
 * Race: the subscription becomes active only inside this call, a moment after it is made.
 * An event published before that — e.g. by code the caller runs right after calling
 * `nextEvent` without awaiting it first — is missed. When you trigger the event yourself,
 * use {@link awaitEvents}: await the waiter, trigger, then await `waiter.events`.
 *
 * @example
 * ```ts
 * const next = await nextEvent(bus, ['order.paid', 'order.cancelled'], { timeoutMs: 30_000 })
 * ```
 * @public
 */
export async function nextEvent<E extends Event = Event>(
  bus: EventBus,
  names: string | readonly string[],
  options: Omit<AwaitOptions<E>, 'count'> = {},
): Promise<E> {
  const waiter = await awaitEvents<E>(bus, names, { ...options, count: 1 })
  const [event] = await waiter.events
  return event as E
}

class Waiter<E extends Event> implements EventWaiter<E> {
  readonly events: Promise<E[]>
  readonly #sub: Subscription
  readonly #what: string
  readonly #signal: AbortSignal | undefined
  #settle!: (outcome: { events: E[] } | { error: unknown }) => void
  #timer: ReturnType<typeof setTimeout> | undefined
  #settled = false
  #received = 0
  readonly #onAbort = (): void => {
    this.#finish({ error: abortError(this.#signal as AbortSignal, `awaitEvents(${this.#what})`) })
  }

  constructor(
    sub: Subscription,
    names: readonly string[] | '*',
    count: number,
    options: AwaitOptions<E>,
    timeoutMs?: number,
  ) {
    this.#sub = sub
    this.#what = names === ALL_EVENTS ? '"*"' : names.map((n) => JSON.stringify(n)).join(', ')
    this.#signal = options.signal
    this.events = new Promise<E[]>((resolve, reject) => {
      this.#settle = (o) => ('events' in o ? resolve(o.events) : reject(o.error))
    })
    // Marked as handled: a waiter nobody awaits (cancelled, timed out) must not crash the process.
    this.events.catch(() => {})
    if (timeoutMs !== undefined) {
      this.#timer = setTimeout(() => {
        const message =
          `Timed out after ${timeoutMs} ms waiting for ${count} event(s) named ${this.#what} ` +
          `(${this.#received} arrived). ` +
          'Check that they are published after the subscription, or raise timeoutMs.'
        this.#finish({ error: new GoesError('TIMEOUT', message) })
      }, timeoutMs)
    }
    this.#signal?.addEventListener('abort', this.#onAbort, { once: true })
    if (this.#signal?.aborted === true) this.#onAbort()
    void this.#collect(count, options.filter)
    if (options.onError !== undefined) void this.#forwardErrors(options.onError)
  }

  cancel(): Promise<void> {
    this.#finish({ error: new GoesError('ABORTED', `awaitEvents(${this.#what}) was cancelled.`) })
    return this.#sub.closed
  }

  async #collect(count: number, filter: ((event: E) => boolean) | undefined): Promise<void> {
    const found: E[] = []
    try {
      for await (const event of this.#sub) {
        if (this.#settled) return
        if (filter !== undefined && !filter(event as E)) continue
        found.push(event as E)
        this.#received = found.length
        if (found.length >= count) return this.#finish({ events: found })
      }
      const signal = this.#signal
      if (signal?.aborted === true) return this.#finish({ error: abortError(signal, `awaitEvents(${this.#what})`) })
      this.#finish({
        error: new GoesError(
          'CLOSED',
          `The subscription to ${this.#what} ended after ${found.length} of ${count} event(s). Keep the bus open while waiting.`,
        ),
      })
    } catch (err) {
      this.#finish({ error: err })
    }
  }

  async #forwardErrors(onError: (err: BusError) => void): Promise<void> {
    try {
      for await (const err of this.#sub.errors) {
        if (this.#settled) return
        onError(err)
      }
    } catch {
      // A failing error stream or callback must not disturb the waiting itself.
    }
  }

  #finish(outcome: { events: E[] } | { error: unknown }): void {
    if (this.#settled) return
    this.#settled = true
    clearTimeout(this.#timer)
    this.#signal?.removeEventListener('abort', this.#onAbort)
    this.#settle(outcome)
    this.#sub.close().catch(() => {})
  }
}

function checkArgs(
  bus: EventBus,
  names: string | readonly string[],
  options: AwaitOptions<never>,
): readonly string[] | '*' {
  if (typeof (bus as Partial<EventBus> | undefined)?.subscribe !== 'function') {
    throw new GoesError(
      'INVALID_OPTION',
      'awaitEvents(bus, …) needs an EventBus (an object with a subscribe() method).',
    )
  }
  let list: readonly string[] | '*'
  if (names === ALL_EVENTS) list = ALL_EVENTS
  else {
    list = typeof names === 'string' ? [names] : names
    if (!Array.isArray(list) || list.length === 0) {
      throw new GoesError('INVALID_NAME', 'awaitEvents() needs an event name, a non-empty array of names, or "*".')
    }
    for (const name of list) assertName(name, 'event name passed to awaitEvents()')
  }
  const { count, timeoutMs, filter, onError } = options
  if (count !== undefined && (!Number.isSafeInteger(count) || count < 1)) {
    throw invalid('count', count, 'Use a whole number ≥ 1.')
  }
  if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !(timeoutMs > 0) || timeoutMs > 2 ** 31 - 1)) {
    throw invalid('timeoutMs', timeoutMs, 'Use a number of milliseconds > 0 (at most 2³¹−1), or leave it out.')
  }
  if (filter !== undefined && typeof filter !== 'function') throw invalid('filter', filter, 'Pass (event) => boolean.')
  if (onError !== undefined && typeof onError !== 'function') throw invalid('onError', onError, 'Pass (err) => void.')
  return list
}

function invalid(name: string, value: unknown, fix: string): GoesError<'INVALID_OPTION'> {
  return new GoesError(
    'INVALID_OPTION',
    `The awaitEvents() option "${name}" is invalid: got ${formatValue(value)}. ${fix}`,
  )
}
