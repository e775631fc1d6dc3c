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
import { throwIfAborted } from '@goes/core/backend'
import type { NatsConnection } from '@nats-io/transport-node'
import { closedBus } from '../connection/errors.js'
import { watchConnection } from '../connection/watch.js'
import { Subjects } from '../subject/subjects.js'
import type { WireMessage } from '../subscription/decode.js'
import type { NatsSubscription, WireSettings, WireSubscription } from '../subscription/wire-subscription.js'
import { busSettings, type NatsBusOptions } from './options.js'

/**
 * What NatsBus and JetStreamBus share: the connection (not owned), codecs, subjects, the open
 * subscriptions, the checks every call makes, and closing — by `close()`, or for the
 * subscriptions when the connection closes for good.
 *
 * @internal
 */
export abstract class WireBus implements EventBus, AsyncDisposable {
  protected readonly nc: NatsConnection
  protected readonly codecs: CodecRegistry
  protected readonly subjects: Subjects
  protected readonly subs = new Set<WireSubscription<WireMessage>>()
  readonly #owner: string
  readonly #maxBufferedErrors: number
  #unwatch: (() => void) | undefined
  readonly #reconnectListeners = new Set<() => void>()
  #open = true

  protected constructor(nc: NatsConnection, options: NatsBusOptions, owner: string, defaultPrefix: string) {
    if (typeof nc?.publish !== 'function' || typeof nc.subscribe !== 'function') {
      throw new GoesError(
        'INVALID_OPTION',
        `new ${owner}(nc) needs a NatsConnection from @nats-io/transport-node connect().`,
      )
    }
    const settings = busSettings(options, owner)
    this.#owner = owner
    this.nc = nc
    this.codecs = settings.codecs
    this.#maxBufferedErrors = settings.maxBufferedErrors
    this.subjects = new Subjects(options, defaultPrefix, owner)
  }

  /**
   * The subject prefix; `'*'` subscribes to `<prefix>.>`.
   *
   * @example
   * ```ts
   * nc.subscribe(`${bus.prefix}.>`) // every goes message of this bus, raw
   * ```
   */
  get prefix(): string {
    return this.subjects.prefix
  }

  /**
   * The subject an event of `name` is published on.
   *
   * @example
   * ```ts
   * bus.subjectOf('orders.>') // 'goes.events.orders:%3E' (never a wildcard)
   * ```
   */
  subjectOf(name: string): string {
    assertName(name, 'event name')
    return this.subjects.of(name)
  }

  abstract publish(events: readonly Event[], options?: SignalOptions): Promise<void>

  abstract subscribe(
    names: readonly string[] | typeof ALL_EVENTS,
    options?: SubscribeOptions,
  ): Promise<NatsSubscription>

  /**
   * Closes every subscription of this bus; later calls reject with CLOSED. Idempotent. The
   * connection stays open: it is yours.
   *
   * @example
   * ```ts
   * await bus.close()
   * await nc.close()
   * ```
   */
  async close(): Promise<void> {
    if (!this.#open) return
    this.#open = false
    this.#unwatch?.()
    await Promise.all([...this.subs].map((s) => s.close()))
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close()
  }

  /** Throws ABORTED or CLOSED before an operation starts. */
  protected check(signal: AbortSignal | undefined, what: string): void {
    throwIfAborted(signal, `${this.#owner}.${what}`)
    if (!this.#open) throw closedBus(this.#owner, what)
  }

  /** Checks the arguments of `publishRaw` and returns the subject to put the bytes on. */
  protected rawSubject(name: string, bytes: Uint8Array, signal: AbortSignal | undefined): string {
    this.check(signal, 'publishRaw')
    assertName(name, 'message name')
    if (!(bytes instanceof Uint8Array)) {
      throw new GoesError('MALFORMED_MESSAGE', 'publishRaw() takes the message as a Uint8Array.')
    }
    return this.subjects.of(name)
  }

  /** What a new subscription needs from this bus. */
  protected wireSettings(names: ReadonlySet<string> | undefined, signal: AbortSignal | undefined): WireSettings {
    const subjects = this.subjects
    return {
      addressing: { codecs: this.codecs, kind: 'subject', addressOf: (name: string) => subjects.of(name), names },
      signal,
      maxBufferedErrors: this.#maxBufferedErrors,
      onClose: (s) => this.subs.delete(s),
    }
  }

  /** Keeps a new subscription open with the bus; closes it (CLOSED) when the bus closed meanwhile. */
  protected adopt(sub: WireSubscription<WireMessage>): void {
    if (!this.#open) {
      void sub.close()
      throw closedBus(this.#owner, 'subscribe')
    }
    this.subs.add(sub)
    this.#watch()
  }

  /**
   * Calls `listener` each time the client has reconnected after a lost connection, until the
   * returned function is called — so a publish waiting for confirmations on the old connection
   * can send again at once.
   */
  protected onReconnect(listener: () => void): () => void {
    this.#watch()
    this.#reconnectListeners.add(listener)
    return () => this.#reconnectListeners.delete(listener)
  }

  /** Watches the connection from the first subscription or publish that needs it. */
  #watch(): void {
    this.#unwatch ??= watchConnection(this.nc, {
      disconnected: (server) => this.disconnected(server),
      reconnected: () => {
        for (const listener of [...this.#reconnectListeners]) listener()
      },
      closed: (err) => this.#connectionClosed(err),
    })
  }

  /** The connection to `server` was lost (the client reconnects by itself). */
  protected disconnected(_server: string): void {}

  #connectionClosed(cause: Error | undefined): void {
    const err = new GoesError(
      'CLOSED',
      `The NATS connection of this ${this.#owner} closed${cause ? ` (${cause.message})` : ''}; the subscription ended. Connect again and create a new bus${this.#owner === 'JetStreamBus' ? ' (durable and group consumers keep their place)' : ''}.`,
      { cause },
    )
    for (const s of [...this.subs]) {
      s.report(err)
      void s.close()
    }
  }
}
