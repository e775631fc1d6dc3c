import {
  type ALL_EVENTS,
  assertName,
  type Event,
  type EventBus,
  GoesError,
  type SignalOptions,
  type SubscribeOptions,
  uuid,
} from '@goes/core'
import { abortError, COMMAND_DISPATCHED, encodeEnvelope, raceSignal, subscribeArguments } from '@goes/core/backend'
import { PubSub } from '@google-cloud/pubsub'
import { allEventsTopicId } from '../naming/resource-ids.js'
import { assertResourceId } from '../naming/topic-name.js'
import { assertEventArray } from './arguments.js'
import { type PubSubBusOptions, type ResolvedOptions, resolveOptions } from './options.js'
import { planSources } from './plan.js'
import { type Outgoing, Publisher } from './publisher.js'
import { createSources, deleteEphemeral } from './server-subscriptions.js'
import { BusSubscription, type PubSubSubscription } from './subscription.js'
import { Topics } from './topics.js'

/**
 * The event bus on Google Cloud Pub/Sub (`@google-cloud/pubsub` 5.x). Each event name has its
 * own topic (see {@link topicName}), created when first needed; events travel as goes
 * envelopes with the aggregate id as ordering key, so one aggregate's events arrive in order.
 * Every event is also copied to an all-events topic, which `'*'` and several-name
 * subscriptions read. A subscriber gets its own subscription (deleted on close); members of a
 * `group` share one (load balancing). Malformed messages land on `subscription.errors`.
 *
 * @example
 * ```ts
 * const bus = new PubSubBus({ clientConfig: { projectId: 'shop' } })
 * const sub = await bus.subscribe(['shop.order_placed'])
 * await bus.publish([newEvent('shop.order_placed', { total: 42 }, { aggregate })])
 * for await (const e of sub) { console.log(e.data); break } // acked, subscription deleted
 * await bus.close()
 * ```
 * @public
 */
export class PubSubBus implements EventBus, AsyncDisposable {
  /** The id of this bus: the ordering key of what it publishes without an aggregate. */
  readonly id = uuid()
  readonly #client: PubSub
  readonly #ownsClient: boolean
  readonly #o: ResolvedOptions
  readonly #topics: Topics
  readonly #publisher: Publisher
  readonly #subscriptions = new Set<BusSubscription>()
  readonly #topicCache = new Map<string, string>()
  #closing: Promise<void> | undefined

  /** Throws `INVALID_OPTION` for a bad option, or for an emulator client without a project id. */
  constructor(options: PubSubBusOptions = {}) {
    this.#o = resolveOptions(options)
    this.#ownsClient = options.client === undefined
    this.#client = options.client ?? new PubSub(options.clientConfig)
    if (this.#client.isEmulator && this.#client.projectId === '{{projectId}}') {
      throw new GoesError(
        'INVALID_OPTION',
        'The Pub/Sub client has no project id, and against the emulator it cannot detect one. Pass clientConfig: { projectId } (any name will do) or set GOOGLE_CLOUD_PROJECT.',
      )
    }
    this.#topics = new Topics(this.#client, this.#o.publisher)
    this.#publisher = new Publisher(this.#topics, this.#o.allEventsTopic ? allEventsTopicId(this.#o.prefix) : undefined)
  }

  /** The prefix of every topic and subscription id this bus makes. */
  get prefix(): string {
    return this.#o.prefix
  }

  /**
   * The topic id of an event name, as this bus names topics (the `topic` option). Throws
   * `INVALID_NAME` for an invalid name, `INVALID_OPTION` when the topic function gives an id
   * Pub/Sub would refuse.
   *
   * @example
   * ```ts
   * bus.topicOf('orders/placed') // 'goes.orders%2Fplaced'
   * ```
   */
  topicOf(eventName: string): string {
    let id = this.#topicCache.get(eventName)
    if (id === undefined) {
      assertName(eventName, 'event name')
      id = this.#o.topic(eventName)
      assertResourceId(id, `The topic id of event "${eventName}"`)
      if (this.#topicCache.size >= 10_000) this.#topicCache.clear()
      this.#topicCache.set(eventName, id)
    }
    return id
  }

  /**
   * Publishes events: each to its name's topic (and the all-events topic), with its ordering
   * key. All or nothing on our side: every event is encoded first (`ENCODE_FAILED`,
   * `INVALID_NAME`, … before anything is sent). Resolves when Pub/Sub has accepted every
   * message; rejects with the mapped driver error otherwise (some may have been accepted: a
   * retry can deliver an event twice). `ABORTED` when the signal fires first.
   *
   * @example
   * ```ts
   * await bus.publish([newEvent('shop.order_placed', { total: 42 }, { aggregate })])
   * ```
   */
  async publish(events: readonly Event[], options?: SignalOptions): Promise<void> {
    const signal = options?.signal
    if (signal?.aborted) throw abortError(signal, 'PubSubBus.publish')
    this.#assertOpen('publish')
    assertEventArray(events)
    if (events.length === 0) return
    const codecs = this.#o.codecs
    // All or nothing: every event is encoded before any is handed to Pub/Sub.
    const messages: Outgoing[] = events.map((e) => ({
      // Buffer.from copies: small envelopes are views into a shared buffer.
      data: Buffer.from(encodeEnvelope(e, codecs)),
      topic: this.topicOf(e.name),
      orderingKey: this.#orderingKey(e),
    }))
    await raceSignal(this.#publisher.publish(messages, signal), signal, 'PubSubBus.publish')
  }

  /**
   * Publishes raw bytes under an event name, as a foreign or broken publisher would: to the
   * name's topic (and the all-events topic), with this bus's ordering key. For tests and
   * bridges; subscribers report bytes that are no envelope on their `errors`.
   *
   * @example
   * ```ts
   * await bus.publishRaw('todo.task_added', new Uint8Array([1, 2, 3])) // subscribers see MALFORMED_MESSAGE
   * ```
   */
  async publishRaw(name: string, bytes: Uint8Array, options?: SignalOptions): Promise<void> {
    const signal = options?.signal
    if (signal?.aborted) throw abortError(signal, 'PubSubBus.publishRaw')
    this.#assertOpen('publish')
    if (!(bytes instanceof Uint8Array)) {
      throw new GoesError('MALFORMED_MESSAGE', 'publishRaw() takes the message as a Uint8Array.')
    }
    const message = { data: Buffer.from(bytes), topic: this.topicOf(name), orderingKey: this.id }
    await raceSignal(this.#publisher.publish([message], signal), signal, 'PubSubBus.publishRaw')
  }

  /**
   * Subscribes to event names, or to every event with `'*'`; `{ group }` shares one
   * subscription among the members of a group. Resolves once the Pub/Sub subscription exists:
   * every event published after that is delivered. Rejects with `INVALID_NAME`, `ABORTED`,
   * `CLOSED`, `INVALID_STATE` (a group subscription with other settings; `'*'` without the
   * all-events topic) or the mapped driver error.
   *
   * @example
   * ```ts
   * const sub = await bus.subscribe(['shop.order_placed'], { group: 'billing' })
   * await sub.consume(async (e) => bill(e.data)) // runs until the subscription closes
   * ```
   */
  async subscribe(
    names: readonly string[] | typeof ALL_EVENTS,
    options?: SubscribeOptions,
  ): Promise<PubSubSubscription> {
    const args = subscribeArguments(names, options, 'PubSubBus')
    this.#assertOpen('subscribe')
    const topicOf = (name: string) => this.topicOf(name)
    const o = this.#o
    const sources = planSources({ ...args, prefix: o.prefix, allEventsTopic: o.allEventsTopic, topicOf })
    await createSources(this.#client, this.#topics, sources, o.ackDeadlineSeconds)
    if (args.signal?.aborted || this.#closing !== undefined) {
      await deleteEphemeral(this.#client, sources)
      if (args.signal?.aborted) throw abortError(args.signal, 'PubSubBus.subscribe')
      this.#assertOpen('subscribe')
    }
    const sub = new BusSubscription({
      client: this.#client,
      sources,
      addressing: { codecs: o.codecs, kind: 'topic', addressOf: topicOf, names: args.names },
      subscriber: o.subscriber,
      maxBufferedErrors: o.maxBufferedErrors,
      signal: args.signal,
      onClose: (closed) => this.#subscriptions.delete(closed),
    })
    this.#subscriptions.add(sub)
    sub.start()
    return sub
  }

  /**
   * Closes the bus: closes every subscription it opened (deleting the broadcast ones), sends
   * what the publishers still batch, and closes the client if the bus made it. Idempotent.
   *
   * @example
   * ```ts
   * await using bus = new PubSubBus({ clientConfig: { projectId: 'shop' } }) // closed at the end of the scope
   * ```
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      const closing = [...this.#subscriptions].map((s) => s.close())
      const results = await Promise.allSettled([...closing, this.#topics.flush()])
      if (this.#ownsClient) await this.#client.close()
      const failed = results.find((r) => r.status === 'rejected')
      if (failed !== undefined) throw failed.reason
    })()
    return this.#closing
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close()
  }

  #orderingKey(e: Event): string | undefined {
    if (this.#o.orderingKey !== undefined) return this.#o.orderingKey(e) || undefined
    if (e.aggregate !== undefined) return e.aggregate.id
    // A command to execute carries no key: a key would pin one dispatcher's commands to one
    // member of the handlers' group (Pub/Sub sends a key's messages to one subscriber).
    return e.name === COMMAND_DISPATCHED ? undefined : this.id
  }

  #assertOpen(what: string): void {
    if (this.#closing !== undefined) {
      throw new GoesError('CLOSED', `Cannot ${what}: this PubSubBus is closed. Create a new bus.`)
    }
  }
}
