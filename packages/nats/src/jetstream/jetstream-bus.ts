/// <reference lib="esnext.disposable" preserve="true" />
import type { ALL_EVENTS, Event, SignalOptions } from '@goes/core'
import { raceSignal } from '@goes/core/backend'
import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/transport-node'
import { WireBus } from '../bus/wire-bus.js'
import { toGoesError } from '../connection/errors.js'
import { encodeBatch } from '../publish/encode.js'
import type { NatsSubscription } from '../subscription/wire-subscription.js'
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
const HEADER_ROOM = 128

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
export class JetStreamBus extends WireBus {
  readonly #js: JetStreamClient
  readonly #settings: JetStreamSettings
  #ready: Promise<JetStreamManager> | undefined

  constructor(nc: NatsConnection, options: JetStreamBusOptions = {}) {
    super(nc, options, OWNER, DEFAULT_STREAM_PREFIX)
    this.#settings = jetStreamSettings(options)
    this.#js = jetstream(nc, { timeout: this.#settings.publishTimeout })
  }

  /**
   * The stream this bus reads from (and publishes to, unless it is a mirror or sources stream).
   *
   * @example
   * ```ts
   * const info = await jsm.streams.info(bus.stream)
   * ```
   */
  get stream(): string {
    return this.#settings.stream
  }

  /**
   * Creates or verifies the stream now (publish and subscribe do it on first use). Rejects with
   * INVALID_STATE naming a mismatch, NOT_FOUND when the stream is missing and may not be created.
   *
   * @example
   * ```ts
   * await bus.ready({ signal: AbortSignal.timeout(5_000) }) // fail fast at start-up
   * ```
   */
  async ready(options?: SignalOptions): Promise<void> {
    this.check(options?.signal, 'ready')
    await raceSignal(this.#manager(), options?.signal, `${OWNER}.ready`)
  }

  async publish(events: readonly Event[], options?: SignalOptions): Promise<void> {
    const signal = options?.signal
    this.check(signal, 'publish')
    // Room for the message-id header the stream needs.
    const max = this.nc.info === undefined ? undefined : this.nc.info.max_payload - HEADER_ROOM
    const { subjects, payloads } = encodeBatch(events, this.codecs, this.subjects, max)
    if (events.length === 0) return
    await raceSignal(this.#manager(), signal, `${OWNER}.publish`)
    await publishBatch(this.#js, {
      subjects,
      payloads,
      ids: events.map((e) => e.id),
      retryMs: this.#settings.publishRetry,
      signal,
      onReconnect: (listener) => this.onReconnect(listener),
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
    const subject = this.rawSubject(name, bytes, options?.signal)
    await raceSignal(this.#manager(), options?.signal, `${OWNER}.publishRaw`)
    await publishBatch(this.#js, {
      subjects: [subject],
      payloads: [bytes],
      ids: undefined,
      retryMs: this.#settings.publishRetry,
      signal: options?.signal,
      onReconnect: (listener) => this.onReconnect(listener),
    })
  }

  async subscribe(
    names: readonly string[] | typeof ALL_EVENTS,
    options?: JetStreamSubscribeOptions,
  ): Promise<NatsSubscription> {
    this.check(undefined, 'subscribe')
    const jsm = await raceSignal(this.#manager(), options?.signal, `${OWNER}.subscribe`)
    return openSubscription(names, options, {
      nc: this.nc,
      js: this.#js,
      jsm,
      settings: this.#settings,
      subjects: this.subjects,
      wire: (names, signal) => this.wireSettings(names, signal),
      register: (s: JsSubscription) => this.adopt(s),
    })
  }

  /** The stream, created or verified once; a failure is not kept, so the next call tries again. */
  #manager(): Promise<JetStreamManager> {
    this.#ready ??= (async () => {
      try {
        const jsm = await jetstreamManager(this.nc, { timeout: this.#settings.publishTimeout })
        await ensureStream(jsm, this.#settings, this.subjects.all)
        return jsm
      } catch (err) {
        this.#ready = undefined
        throw toGoesError(err, `preparing the JetStream stream "${this.#settings.stream}"`)
      }
    })()
    return this.#ready
  }
}
