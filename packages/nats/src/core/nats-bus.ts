/// <reference lib="esnext.disposable" preserve="true" />
import {
  type ALL_EVENTS,
  assertName,
  type CodecRegistry,
  type Event,
  type EventBus,
  GoesError,
  type SignalOptions,
  type SubscribeOptions,
} from '@goes/core'
import type { NatsConnection } from '@nats-io/transport-node'
import { checkSignal, closedBus, raceSignal, toGoesError, UNAVAILABLE } from '../connection/errors.js'
import { watchConnection } from '../connection/watch.js'
import { encodeBatch } from '../publish/encode.js'
import { Subjects } from '../subject/subjects.js'
import { encodeSubjectToken } from '../subject/token.js'
import type { WireMessage } from '../subscription/decode.js'
import { subscribeSettings } from '../subscription/settings.js'
import type { NatsSubscription, WireSubscription } from '../subscription/wire-subscription.js'
import { CoreSubscription } from './core-subscription.js'
import { busSettings, DEFAULT_CORE_PREFIX, type NatsBusOptions } from './options.js'

const OWNER = 'NatsBus'

/**
 * The event bus on NATS core: each event travels as a goes envelope on the subject
 * `<prefix>.<subject(name)>` (by default `goes.events.` + the name encoded as one token, see
 * {@link encodeSubjectToken}). Fast and at-most-once: a subscriber that is disconnected misses
 * what is published meanwhile (and is told so on its `errors`). Groups are NATS queue groups;
 * `'*'` subscribes to every event of the prefix.
 *
 * `publish` resolves once the server has the events (a flush round trip); it rejects when the
 * connection was lost first. The bus does not own the connection: `close()` ends its
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
export class NatsBus implements EventBus, AsyncDisposable {
  readonly #nc: NatsConnection
  readonly #codecs: CodecRegistry
  readonly #subjects: Subjects
  readonly #maxBufferedErrors: number
  readonly #subs = new Set<CoreSubscription>()
  readonly #unwatch: () => void
  #open = true

  constructor(nc: NatsConnection, options: NatsBusOptions = {}) {
    if (typeof nc?.publish !== 'function' || typeof nc.subscribe !== 'function') {
      throw new GoesError(
        'INVALID_OPTION',
        'new NatsBus(nc) needs a NatsConnection from @nats-io/transport-node connect().',
      )
    }
    const settings = busSettings(options, OWNER)
    this.#nc = nc
    this.#codecs = settings.codecs
    this.#maxBufferedErrors = settings.maxBufferedErrors
    this.#subjects = new Subjects(options, DEFAULT_CORE_PREFIX, OWNER)
    this.#unwatch = watchConnection(nc, {
      disconnected: (server) => this.#reportAll(disconnectedError(server)),
      closed: (err) => this.#connectionClosed(err),
    })
  }

  /** The subject prefix; `'*'` subscribes to `<prefix>.>`. */
  get prefix(): string {
    return this.#subjects.prefix
  }

  /** The subject an event of `name` is published on. */
  subjectOf(name: string): string {
    assertName(name, 'event name')
    return this.#subjects.of(name)
  }

  async publish(events: readonly Event[], options?: SignalOptions): Promise<void> {
    const signal = options?.signal
    checkSignal(signal, `${OWNER}.publish`)
    if (!this.#open) throw closedBus(OWNER, 'publish')
    // All or nothing: every event is encoded (and so checked) before any is sent.
    const { subjects, payloads } = encodeBatch(events, this.#codecs, this.#subjects, this.#nc.info?.max_payload)
    this.#send(subjects, payloads, events.length)
    if (events.length > 0) await this.#confirm(signal, events.length)
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
    checkSignal(options?.signal, `${OWNER}.publishRaw`)
    if (!this.#open) throw closedBus(OWNER, 'publish')
    assertName(name, 'message name')
    if (!(bytes instanceof Uint8Array)) {
      throw new GoesError('MALFORMED_MESSAGE', 'publishRaw() takes the message as a Uint8Array.')
    }
    this.#send([this.#subjects.of(name)], [bytes], 1)
    await this.#confirm(options?.signal, 1)
  }

  async subscribe(names: readonly string[] | typeof ALL_EVENTS, options?: SubscribeOptions): Promise<NatsSubscription> {
    const settings = subscribeSettings(names, options, OWNER)
    if (!this.#open) throw closedBus(OWNER, 'subscribe')
    const subjects =
      settings.names === undefined
        ? [this.#subjects.all]
        : [...new Set([...settings.names].map((n) => this.#subjects.of(n)))]
    const group = settings.group === undefined ? undefined : encodeSubjectToken(settings.group)
    const sub = new CoreSubscription(
      {
        codecs: this.#codecs,
        subjects: this.#subjects,
        names: settings.names,
        maxBufferedErrors: this.#maxBufferedErrors,
        signal: settings.signal,
        onClose: (s: WireSubscription<WireMessage>) => this.#subs.delete(s as CoreSubscription),
      },
      this.#nc,
      subjects,
      group,
    )
    this.#subs.add(sub)
    try {
      // The server has registered the interest once it answers a PING sent after the SUBs.
      await raceSignal(this.#nc.flush(), settings.signal, `${OWNER}.subscribe`)
    } catch (err) {
      await sub.close()
      throw toGoesError(err, 'subscribing')
    }
    return sub
  }

  /** Closes every subscription of this bus; later calls reject with CLOSED. Idempotent. */
  async close(): Promise<void> {
    if (!this.#open) return
    this.#open = false
    this.#unwatch()
    await Promise.all([...this.#subs].map((s) => s.close()))
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close()
  }

  #send(subjects: readonly string[], payloads: readonly Uint8Array[], count: number): void {
    const nc = this.#nc
    try {
      for (let i = 0; i < count; i++) nc.publish(subjects[i]!, payloads[i]!)
    } catch (err) {
      throw toGoesError(err, `publishing ${count} events`)
    }
  }

  /** Resolves once the server has everything sent so far (a PING/PONG round trip). */
  async #confirm(signal: AbortSignal | undefined, count: number): Promise<void> {
    try {
      await raceSignal(this.#nc.flush(), signal, `${OWNER}.publish`)
    } catch (err) {
      throw toGoesError(err, `publishing ${count} event${count === 1 ? '' : 's'}`)
    }
  }

  #reportAll(err: GoesError): void {
    for (const s of this.#subs) s.report(err)
  }

  #connectionClosed(cause: Error | undefined): void {
    const err = new GoesError(
      'CLOSED',
      `The NATS connection of this NatsBus closed${cause ? ` (${cause.message})` : ''}; the subscription ended. Connect again and create a new bus.`,
      { cause },
    )
    for (const s of [...this.#subs]) {
      s.report(err)
      void s.close()
    }
  }
}

function disconnectedError(server: string): GoesError {
  return new GoesError(
    UNAVAILABLE,
    `The connection to the NATS server ${server} was lost: events published until the client reconnects are not delivered to this subscription (NATS core keeps no messages). It resumes by itself after the reconnect; use JetStreamBus for at-least-once delivery.`,
  )
}
