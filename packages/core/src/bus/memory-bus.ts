import { encodeEnvelope } from '../codec/envelope.js'
import type { CodecRegistry } from '../codec/registry.js'
import { abortError, GoesError } from '../errors/errors.js'
import type { Event } from '../event/event.js'
import { assertEvent } from '../event/factory.js'
import { assertName } from '../event/validate.js'
import { optionChecks } from '../options/check.js'
import { AbortRace } from '../stream/abort.js'
import type { SignalOptions } from '../stream/signal.js'
import type { ALL_EVENTS, EventBus, SubscribeOptions } from './bus.js'
import { Inbox, type MemorySubscription } from './memory-inbox.js'
import { Routes } from './memory-routes.js'
import { subscribeArguments } from './subscribe-arguments.js'

const RESOLVED: Promise<void> = Promise.resolve()
const check = optionChecks('MemoryBus')

/**
 * Options of {@link MemoryBus}.
 *
 * @example
 * ```ts
 * const options: MemoryBusOptions = { codecs, highWaterMark: 1000 }
 * ```
 * @public
 */
export interface MemoryBusOptions {
  /**
   * Codec mode: events travel as encoded envelopes, as over a real wire. `publish` encodes
   * every event first (rejecting with `ENCODE_FAILED` / `UNKNOWN_NAME` before delivering any),
   * and each subscriber gets its own lazily decoded copy; a message it cannot decode lands on
   * its `errors`. Without codecs, subscribers get the published event objects themselves.
   */
  readonly codecs?: CodecRegistry
  /**
   * Events a subscription may buffer before `publish` waits for its reader (back-pressure).
   * Unbounded by default: publishing never waits, and a subscriber that reads slowly only
   * grows its own buffer. With a bound, memory stays flat, but a subscriber that never reads
   * blocks every publisher of its events until it is closed — pass a `signal` to `publish` to
   * give up waiting. Bounded publishes run one after another, in call order.
   */
  readonly highWaterMark?: number
  /** Unread errors each subscription keeps; older ones are dropped and counted. Default 1000. */
  readonly maxBufferedErrors?: number
}

/**
 * The in-memory event bus: the embedded default, for tests and single-process apps. Passes the
 * event bus conformance suite. Each subscription has its own queue; events of one publisher
 * reach every subscriber in publish order. Supports `'*'` and load-balancing `group`s.
 *
 * @example
 * ```ts
 * const bus = new MemoryBus()
 * const sub = await bus.subscribe(['todo.task_added'])
 * await bus.publish([newEvent('todo.task_added', { title: 'milk' })])
 * for await (const e of sub) { console.log(e.data); break } // break closes the subscription
 * ```
 * @public
 */
export class MemoryBus implements EventBus {
  readonly #routes = new Routes()
  readonly #codecs: CodecRegistry | undefined
  readonly #highWaterMark: number
  readonly #maxBufferedErrors: number
  #tail: Promise<void> = Promise.resolve()

  constructor(options: MemoryBusOptions = {}) {
    this.#codecs = options.codecs
    const o = check.object(options)
    this.#highWaterMark = check.integer('highWaterMark', o.highWaterMark, {
      fallback: Number.POSITIVE_INFINITY,
      infinity: true,
    })
    this.#maxBufferedErrors = check.integer('maxBufferedErrors', o.maxBufferedErrors, { fallback: 1000 })
  }

  publish(events: readonly Event[], options?: SignalOptions): Promise<void> {
    // Not an async function: an unbounded publish delivers synchronously and returns a settled
    // promise, which its caller's `await` takes in one step instead of three.
    try {
      const signal = options?.signal
      if (signal?.aborted) throw abortError(signal, 'MemoryBus.publish')
      if (!Array.isArray(events)) {
        throw new GoesError('INVALID_EVENT', 'publish() takes an array of events; wrap a single event as [event].')
      }
      if (this.#codecs !== undefined) {
        const codecs = this.#codecs
        const payloads = events.map((e) => encodeEnvelope(e, codecs)) // all or nothing: encode before delivering
        return this.#send(
          events.map((e) => e.name),
          undefined,
          payloads,
          signal,
        )
      }
      // All or nothing: check every event before delivering any. Immediate for events made by
      // newEvent() or decoded from an envelope (trusted, see event/trust.ts).
      for (let i = 0; i < events.length; i++) assertEvent(events[i])
      return this.#send(undefined, events, undefined, signal)
    } catch (err) {
      return Promise.reject(err)
    }
  }

  /**
   * Puts raw bytes on the bus's "wire" under `name`, as if they had come from another
   * process: each subscriber of `name` decodes them, and a bad envelope lands on its `errors`.
   * For tests and bridges; only in codec mode (else it rejects with `INVALID_STATE`).
   *
   * @example
   * ```ts
   * await bus.publishRaw('todo.task_added', new Uint8Array([1, 2, 3])) // subscribers see MALFORMED_MESSAGE
   * ```
   */
  async publishRaw(name: string, bytes: Uint8Array, options?: SignalOptions): Promise<void> {
    const signal = options?.signal
    if (signal?.aborted) throw abortError(signal, 'MemoryBus.publishRaw')
    if (this.#codecs === undefined) {
      throw new GoesError(
        'INVALID_STATE',
        'publishRaw() needs a MemoryBus in codec mode: create it with new MemoryBus({ codecs }).',
      )
    }
    assertName(name, 'message name')
    if (!(bytes instanceof Uint8Array)) {
      throw new GoesError('MALFORMED_MESSAGE', 'publishRaw() takes the message as a Uint8Array.')
    }
    return this.#send([name], undefined, [bytes], signal)
  }

  async subscribe(
    names: readonly string[] | typeof ALL_EVENTS,
    options?: SubscribeOptions,
  ): Promise<MemorySubscription> {
    const settings = subscribeArguments(names, options, 'MemoryBus')
    const inbox = new Inbox({
      ...settings,
      highWaterMark: this.#highWaterMark,
      maxBufferedErrors: this.#maxBufferedErrors,
      codecs: this.#codecs,
      onClose: (closed) => this.#routes.remove(closed),
    })
    this.#routes.add(inbox)
    return inbox
  }

  /** Delivers events (by reference), or payloads (encoded, with their names), to their subscribers. */
  #send(
    names: readonly string[] | undefined,
    events: readonly Event[] | undefined,
    payloads: readonly Uint8Array[] | undefined,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    if (this.#highWaterMark === Number.POSITIVE_INFINITY) {
      if (events !== undefined) this.#deliverAll(events)
      else {
        for (let i = 0; i < names!.length; i++) {
          const targets = this.#targets(names![i]!)
          for (let k = 0; k < targets.length; k++) targets[k]!.deliverBytes(names![i]!, payloads![i]!)
        }
      }
      return RESOLVED
    }
    // Bounded: one publish at a time, so waiting for a slow reader cannot reorder publishes.
    const run = this.#tail.then(() => this.#sendPaced(names, events, payloads, signal))
    this.#tail = run.then(
      () => {},
      () => {},
    )
    return run
  }

  async #sendPaced(
    names: readonly string[] | undefined,
    events: readonly Event[] | undefined,
    payloads: readonly Uint8Array[] | undefined,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const race = signal === undefined ? undefined : new AbortRace(signal, 'MemoryBus.publish')
    try {
      const count = events?.length ?? names!.length
      for (let i = 0; i < count; i++) {
        const name = events !== undefined ? events[i]!.name : names![i]!
        for (const inbox of this.#targets(name)) {
          if (inbox.full) await (race === undefined ? inbox.whenWritable() : race.race(inbox.whenWritable()))
          if (events !== undefined) inbox.deliver(events[i]!)
          else inbox.deliverBytes(name, payloads![i]!)
        }
      }
    } finally {
      race?.dispose()
    }
  }

  /** Delivers events by reference, synchronously (unbounded mode). */
  #deliverAll(events: readonly Event[]): void {
    const routes = this.#routes
    if (routes.hasGroups) {
      for (let i = 0; i < events.length; i++) {
        const e = events[i]!
        const targets = this.#targets(e.name)
        for (let k = 0; k < targets.length; k++) targets[k]!.deliver(e)
      }
      return
    }
    // Without groups an event's subscribers depend on its name only, and nothing can subscribe
    // or close during this synchronous loop: look them up once per run of equal names.
    let name: string | undefined
    let targets: readonly Inbox[] = []
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!
      if (e.name !== name) {
        name = e.name
        targets = routes.ungrouped(name)
      }
      for (let k = 0; k < targets.length; k++) targets[k]!.deliver(e)
    }
  }

  /** The subscribers of one event; the routes' own (stable) list when there are no groups. */
  #targets(name: string): readonly Inbox[] {
    const routes = this.#routes
    const ungrouped = routes.ungrouped(name)
    if (!routes.hasGroups) return ungrouped
    const out = [...ungrouped]
    routes.pickGroupMembers(name, out)
    return out
  }
}
