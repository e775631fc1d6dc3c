/// <reference lib="esnext.disposable" preserve="true" />
import { type ALL_EVENTS, type Event, GoesError, type SignalOptions, type SubscribeOptions } from '@goes/core'
import { raceSignal, subscribeArguments } from '@goes/core/backend'
import type { NatsConnection } from '@nats-io/transport-node'
import { WireBus } from '../bus/wire-bus.js'
import { toGoesError, UNAVAILABLE } from '../connection/errors.js'
import { encodeBatch } from '../publish/encode.js'
import { encodeSubjectToken } from '../subject/token.js'
import type { NatsSubscription } from '../subscription/wire-subscription.js'
import { CoreSubscription } from './core-subscription.js'
import { DEFAULT_CORE_PREFIX, type NatsCoreBusOptions } from './options.js'

const OWNER = 'NatsBus'

/**
 * The event bus on NATS core: each event travels as a goes envelope on the subject
 * `<prefix>.<subject(name)>` (by default `goes.events.` + the name encoded as one token, see
 * {@link encodeSubjectToken}). Fast and at-most-once: a subscriber that is disconnected misses
 * what is published meanwhile (and is told so on its `errors`). Groups are NATS queue groups;
 * `'*'` subscribes to every event of the prefix.
 *
 * `publish` resolves once the server has the events (a flush round trip; see `confirm` in
 * {@link NatsCoreBusOptions}); it rejects when the connection was lost first. The bus does not own the connection: `close()` ends its
 * subscriptions, and closing the connection stays yours.
 *
 * @example
 * ```ts
 * const nc = await connect({ servers: '127.0.0.1:4222', maxReconnectAttempts: -1 })
 * const bus = new NatsBus(nc, { codecs })
 * const sub = await bus.subscribe(['todo.task_added'])
 * await bus.publish([newEvent('todo.task_added', { title: 'milk' })])
 * for await (const e of sub) { console.log(e.data); break }
 * await bus.close()
 * ```
 * @public
 */
export class NatsBus extends WireBus {
  readonly #confirmPublish: boolean

  constructor(nc: NatsConnection, options: NatsCoreBusOptions = {}) {
    super(nc, options, OWNER, DEFAULT_CORE_PREFIX)
    if (options.confirm !== undefined && typeof options.confirm !== 'boolean') {
      throw new GoesError(
        'INVALID_OPTION',
        `The NatsBus option confirm must be true or false, got ${String(options.confirm)}.`,
      )
    }
    this.#confirmPublish = options.confirm ?? true
  }

  async publish(events: readonly Event[], options?: SignalOptions): Promise<void> {
    const signal = options?.signal
    this.check(signal, 'publish')
    // All or nothing: every event is encoded (and so checked) before any is sent.
    const { subjects, payloads } = encodeBatch(events, this.codecs, this.subjects, this.nc.info?.max_payload)
    this.#send(subjects, payloads, events.length)
    if (events.length > 0 && this.#confirmPublish) await this.#confirm(signal, events.length)
  }

  /**
   * Puts raw bytes on the subject of `name`, as a foreign or broken publisher would: every
   * subscriber decodes them, and a bad envelope lands on its `errors`. For tests and bridges.
   *
   * @example
   * ```ts
   * await bus.publishRaw('todo.task_added', new Uint8Array([1, 2, 3])) // subscribers see MALFORMED_MESSAGE
   * ```
   */
  async publishRaw(name: string, bytes: Uint8Array, options?: SignalOptions): Promise<void> {
    const subject = this.rawSubject(name, bytes, options?.signal)
    this.#send([subject], [bytes], 1)
    if (this.#confirmPublish) await this.#confirm(options?.signal, 1)
  }

  async subscribe(names: readonly string[] | typeof ALL_EVENTS, options?: SubscribeOptions): Promise<NatsSubscription> {
    const settings = subscribeArguments(names, options, OWNER)
    this.check(undefined, 'subscribe')
    const subjects =
      settings.names === undefined
        ? [this.subjects.all]
        : [...new Set([...settings.names].map((n) => this.subjects.of(n)))]
    const group = settings.group === undefined ? undefined : encodeSubjectToken(settings.group)
    const sub = new CoreSubscription(this.wireSettings(settings.names, settings.signal), this.nc, subjects, group)
    this.adopt(sub)
    try {
      // The server has registered the interest once it answers a PING sent after the SUBs.
      await raceSignal(this.nc.flush(), settings.signal, `${OWNER}.subscribe`)
    } catch (err) {
      await sub.close()
      throw toGoesError(err, 'subscribing')
    }
    return sub
  }

  protected override disconnected(server: string): void {
    const err = new GoesError(
      UNAVAILABLE,
      `The connection to the NATS server ${server} was lost: events published until the client reconnects are not delivered to this subscription (NATS core keeps no messages). It resumes by itself after the reconnect; use JetStreamBus for at-least-once delivery.`,
    )
    for (const s of this.subs) s.report(err)
  }

  #send(subjects: readonly string[], payloads: readonly Uint8Array[], count: number): void {
    const nc = this.nc
    try {
      for (let i = 0; i < count; i++) nc.publish(subjects[i]!, payloads[i]!)
    } catch (err) {
      throw toGoesError(err, `publishing ${count} events`)
    }
  }

  /** Resolves once the server has everything sent so far (a PING/PONG round trip). */
  async #confirm(signal: AbortSignal | undefined, count: number): Promise<void> {
    try {
      await raceSignal(this.nc.flush(), signal, `${OWNER}.publish`)
    } catch (err) {
      throw toGoesError(err, `publishing ${count} event${count === 1 ? '' : 's'}`)
    }
  }
}
