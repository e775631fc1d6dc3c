import { CodecRegistry, type Event, registerCommandProtocol } from '@goes/core'
import { optionChecks } from '@goes/core/backend'
import type { ClientConfig, PublishOptions, PubSub, SubscriberOptions } from '@google-cloud/pubsub'
import { assertPrefix, DEFAULT_PREFIX, topicName } from '../naming/topic-name.js'

const check = optionChecks('PubSubBus')

/**
 * Options of {@link PubSubBus}.
 *
 * @example
 * ```ts
 * const options: PubSubBusOptions = {
 *   clientConfig: { projectId: 'shop' },
 *   prefix: 'shop.',
 *   subscriber: { flowControl: { maxMessages: 500 } },
 * }
 * ```
 * @public
 */
export interface PubSubBusOptions {
  /** A client to use. The bus never closes it. Without one, the bus makes its own from `clientConfig`. */
  readonly client?: PubSub
  /**
   * Settings of the client the bus makes (and closes on `close()`) when no `client` is given.
   * Against the emulator give a `projectId` (or set `GOOGLE_CLOUD_PROJECT`): the client cannot
   * detect one there.
   */
  readonly clientConfig?: ClientConfig
  /**
   * Encodes and decodes event data by event name. Default: JSON for every name, and the
   * command protocol of `EventCommandBus` registered, so a command bus runs over this bus as is.
   */
  readonly codecs?: CodecRegistry
  /** Starts every topic and subscription id the bus makes. Default `"goes."`. */
  readonly prefix?: string
  /**
   * The topic of an event name. Default: {@link topicName} with `prefix` — reversible, valid for
   * any event name. A custom function must give different names different valid topic ids.
   */
  readonly topic?: (eventName: string) => string
  /**
   * The ordering key of an event: events with the same key reach every subscriber in publish
   * order. Default: the aggregate id, else the id of this bus (so what one bus publishes without
   * an aggregate keeps its order) — except the command bus's `goes.command.dispatched`, which
   * gets none, so a group of command handlers shares one dispatcher's commands (Pub/Sub hands
   * all messages of a key to one subscriber). Return `undefined` for no ordering.
   */
  readonly orderingKey?: (event: Event) => string | undefined
  /**
   * Whether every event is also published to the all-events topic `<prefix>~all`, which
   * subscriptions to `'*'` and to several names read (keeping the publish order across names).
   * Default true. With false a publish costs one message instead of two, `subscribe('*')`
   * rejects, and a subscription to several names reads each name's topic (in order per name).
   * Publishers and subscribers must agree.
   */
  readonly allEventsTopic?: boolean
  /** Publisher settings for every topic (batching, flow control); message ordering is always on. */
  readonly publisher?: PublishOptions
  /**
   * Subscriber settings (flow control, ack batching, streams). Against the emulator, which
   * delivers an ordering key's next message only after the previous one's ack, use
   * `batching: { maxMessages: 1, maxMilliseconds: 1 }`: ~10× faster than the default ack batching.
   */
  readonly subscriber?: SubscriberOptions
  /** Ack deadline of the subscriptions the bus creates, in seconds (10–600). Default 60. */
  readonly ackDeadlineSeconds?: number
  /** Unread errors each subscription keeps; older ones are dropped and counted. Default 1000. */
  readonly maxBufferedErrors?: number
}

/** The options with their defaults applied. @internal */
export interface ResolvedOptions {
  readonly codecs: CodecRegistry
  readonly prefix: string
  readonly topic: (eventName: string) => string
  readonly orderingKey: ((event: Event) => string | undefined) | undefined
  readonly allEventsTopic: boolean
  readonly publisher: PublishOptions
  readonly subscriber: SubscriberOptions
  readonly ackDeadlineSeconds: number
  readonly maxBufferedErrors: number
}

/** Validates the options and applies the defaults. @internal */
export function resolveOptions(options: PubSubBusOptions): ResolvedOptions {
  const o = check.object(options, '{ clientConfig: { projectId } }')
  const prefix = o.prefix ?? DEFAULT_PREFIX
  assertPrefix(prefix)
  const codecs = o.codecs ?? registerCommandProtocol(new CodecRegistry({ unknownNames: 'json' }))
  if (!(codecs instanceof CodecRegistry)) throw check.invalid('codecs', codecs, 'a CodecRegistry')
  const fix = 'Leave it out for the default.'
  return {
    codecs,
    prefix,
    topic: check.function('topic', o.topic, fix) ?? ((name) => topicName(name, prefix)),
    orderingKey: check.function('orderingKey', o.orderingKey, fix),
    allEventsTopic: o.allEventsTopic ?? true,
    publisher: o.publisher ?? {},
    subscriber: o.subscriber ?? {},
    ackDeadlineSeconds: check.integer('ackDeadlineSeconds', o.ackDeadlineSeconds, {
      fallback: 60,
      min: 10,
      max: 600,
      fix: "These are Pub/Sub's limits.",
    }),
    maxBufferedErrors: check.integer('maxBufferedErrors', o.maxBufferedErrors, { fallback: 1000 }),
  }
}
