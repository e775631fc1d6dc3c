/// <reference lib="esnext.disposable" preserve="true" />
import {
  type ALL_EVENTS,
  assertName,
  type CodecRegistry,
  type Event,
  type EventBus,
  GoesError,
  type SignalOptions,
} from '@goes/core'
import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/transport-node'
import { checkSignal, closedBus, raceSignal, toGoesError } from '../connection/errors.js'
import { watchConnection } from '../connection/watch.js'
import { busSettings } from '../core/options.js'
import { encodeBatch } from '../publish/encode.js'
import { Subjects } from '../subject/subjects.js'
import type { WireMessage } from '../subscription/decode.js'
import type { NatsSubscription, WireSubscription } from '../subscription/wire-subscription.js'
import type { JsSubscription } from './js-subscription.js'
import {
  DEFAULT_STREAM_PREFIX,
  type JetStreamBusOptions,
  type JetStreamSettings,
  type JetStreamSubscribeOptions,
  jetStreamSettings,
} from './options.js'
import { publishBatch } from './publish.js'
import { ensureStream } from './stream.js'
import { openSubscription } from './subscribe.js'

const OWNER = 'JetStreamBus'

/**
 * The event bus on JetStream: at-least-once delivery from a stream. Each event is stored as a
 * goes envelope on `<prefix>.<subject(name)>` with its id as the message id, so a publish that is
 * retried is stored once (within the stream's duplicate window). The stream is created on first
 * use, or verified when it exists ({@link JetStreamStreamOptions}).
 *
 * Subscriptions: plain ones read through an ordered consumer from the moment they subscribe;
 * `{ durable }` and `{ group }` ones through a pull consumer with explicit acknowledgement —
 * an event is acknowledged when the reader asks for the next one, so events a crashed reader
 * had not finished are delivered again (after `ackWait`). Members of a group share its events.
 *
 * @example
 * ```ts
 * const bus = new JetStreamBus(nc, { codecs, stream: 'TODO' })
 * const sub = await bus.subscribe(['todo.task_added'], { durable: 'projector' })
 * await bus.publish([newEvent('todo.task_added', { title: 'milk' })]) // resolves when stored
 * for await (const e of sub) { project(e); if (done) break } // acked when the loop asks for the next
 * await bus.close()
 * ```
 * @public
 */
export class JetStreamBus implements EventBus, AsyncDisposable {
  readonly #nc: NatsConnection
  readonly #js: JetStreamClient
  readonly #codecs: CodecRegistry
  readonly #subjects: Subjects
  readonly #maxBufferedErrors: number
  readonly #settings: JetStreamSettings
  readonly #subs = new Set<JsSubscription>()
  readonly #unwatch: () => void
  #ready: Promise<JetStreamManager> | undefined
  #open = true

  constructor(nc: NatsConnection, options: JetStreamBusOptions = {}) {
    if (typeof nc?.publish !== 'function' || typeof nc.subscribe !== 'function') {
      throw new GoesError(
        'INVALID_OPTION',
        'new JetStreamBus(nc) needs a NatsConnection from @nats-io/transport-node connect().',
      )
    }
    const base = busSettings(options, OWNER)
    this.#nc = nc
    this.#codecs = base.codecs
    this.#maxBufferedErrors = base.maxBufferedErrors
    this.#subjects = new Subjects(options, DEFAULT_STREAM_PREFIX, OWNER)
    this.#settings = jetStreamSettings(options)
    this.#js = jetstream(nc, { timeout: this.#settings.publishTimeout })
    this.#unwatch = watchConnection(nc, { closed: (err) => this.#connectionClosed(err) })
  }

  /** The stream this bus publishes to and reads from. */
  get stream(): string {
    return this.#settings.stream
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

  /**
   * Creates or verifies the stream now (publish and subscribe do it on first use). Rejects with
   * INVALID_STATE naming a mismatch, NOT_FOUND when the stream is missing and may not be created.
   */
  async ready(options?: SignalOptions): Promise<void> {
    checkSignal(options?.signal, `${OWNER}.ready`)
    if (!this.#open) throw closedBus(OWNER, 'use the stream')
    await raceSignal(this.#manager(), options?.signal, `${OWNER}.ready`)
  }

  async publish(events: readonly Event[], options?: SignalOptions): Promise<void> {
    const signal = options?.signal
    checkSignal(signal, `${OWNER}.publish`)
    if (!this.#open) throw closedBus(OWNER, 'publish')
    const { subjects, payloads } = encodeBatch(events, this.#codecs, this.#subjects, this.#nc.info?.max_payload)
    if (events.length === 0) return
    await raceSignal(this.#manager(), signal, `${OWNER}.publish`)
    await publishBatch(this.#js, {
      subjects,
      payloads,
      ids: events.map((e) => e.id),
      retryMs: this.#settings.publishRetry,
      signal,
    })
  }

  /**
   * Stores raw bytes on the subject of `name`, as a foreign or broken publisher would: every
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
    await raceSignal(this.#manager(), options?.signal, `${OWNER}.publishRaw`)
    await publishBatch(this.#js, {
      subjects: [this.#subjects.of(name)],
      payloads: [bytes],
      ids: undefined,
      retryMs: this.#settings.publishRetry,
      signal: options?.signal,
    })
  }

  async subscribe(
    names: readonly string[] | typeof ALL_EVENTS,
    options?: JetStreamSubscribeOptions,
  ): Promise<NatsSubscription> {
    if (!this.#open) throw closedBus(OWNER, 'subscribe')
    const jsm = await raceSignal(this.#manager(), options?.signal, `${OWNER}.subscribe`)
    return openSubscription(names, options, {
      nc: this.#nc,
      js: this.#js,
      jsm,
      settings: this.#settings,
      subjects: this.#subjects,
      wire: {
        codecs: this.#codecs,
        subjects: this.#subjects,
        maxBufferedErrors: this.#maxBufferedErrors,
        onClose: (s: WireSubscription<WireMessage>) => this.#subs.delete(s as unknown as JsSubscription),
      },
      register: (s) => this.#subs.add(s),
      isOpen: () => this.#open,
    })
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

  /** The stream, created or verified once; a failure is not kept, so the next call tries again. */
  #manager(): Promise<JetStreamManager> {
    this.#ready ??= (async () => {
      try {
        const jsm = await jetstreamManager(this.#nc, { timeout: this.#settings.publishTimeout })
        await ensureStream(jsm, this.#settings, this.#subjects.all)
        return jsm
      } catch (err) {
        this.#ready = undefined
        throw toGoesError(err, `preparing the JetStream stream "${this.#settings.stream}"`)
      }
    })()
    return this.#ready
  }

  #connectionClosed(cause: Error | undefined): void {
    const err = new GoesError(
      'CLOSED',
      `The NATS connection of this JetStreamBus closed${cause ? ` (${cause.message})` : ''}; the subscription ended. Its consumer keeps its place: connect again and subscribe with the same durable name or group.`,
      { cause },
    )
    for (const s of [...this.#subs]) {
      s.report(err)
      void s.close()
    }
  }
}
