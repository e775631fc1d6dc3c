import { GoesError, type SubscribeOptions } from '@goes/core'
import { optionChecks } from '@goes/core/backend'
import type { StreamConfig } from '@nats-io/jetstream'
import type { NatsBusOptions } from '../bus/options.js'

/**
 * The stream a {@link JetStreamBus} keeps its events in.
 *
 * @example
 * ```ts
 * const stream: JetStreamStreamOptions = { name: 'SHOP', config: { num_replicas: 3, max_age: 7 * 24 * 3600e9 } }
 * const aggregate: JetStreamStreamOptions = { name: 'ALL', create: false } // e.g. a stream with sources
 * ```
 * @public
 */
export interface JetStreamStreamOptions {
  /** Stream name. Default `'GOES_EVENTS'`. */
  readonly name?: string
  /** Create the stream when it does not exist (default true); false: it must exist. */
  readonly create?: boolean
  /**
   * Stream settings: used when the bus creates the stream, and verified when it exists (each
   * field given here must match; `subjects` must be among the stream's). May be a `mirror` or
   * `sources` stream: then the bus reads from it and publishes to whichever stream captures the
   * event subjects. Default subjects: `['<prefix>.>']` (none for a mirror).
   */
  readonly config?: Partial<Omit<StreamConfig, 'name'>>
}

/**
 * Options of {@link JetStreamBus}.
 *
 * @example
 * ```ts
 * const options: JetStreamBusOptions = { codecs, prefix: 'shop.events', stream: { name: 'SHOP' }, ackWait: 10_000 }
 * ```
 * @public
 */
export interface JetStreamBusOptions extends NatsBusOptions {
  /** The stream: a name, or {@link JetStreamStreamOptions}. Default `'GOES_EVENTS'`, created if missing. */
  readonly stream?: string | JetStreamStreamOptions
  /** How long the server waits for an acknowledgement before redelivering, in ms (new consumers). Default 30 000. */
  readonly ackWait?: number
  /** Events a consumer may have delivered but unacknowledged (new consumers). Default 1000. */
  readonly maxAckPending?: number
  /** How long a group's consumer outlives its last member, in ms (new consumers). Default 1 hour. */
  readonly groupInactiveThreshold?: number
  /** How long one publish attempt waits for the stream's acknowledgement, in ms. Default 5 000. */
  readonly publishTimeout?: number
  /**
   * How long a publish keeps retrying events JetStream did not confirm — no stream leader during
   * a failover, a lost connection, a timeout — with the same message id, in ms; then it rejects
   * with TIMEOUT. 0 disables retries (a failure rejects at once, e.g. UNAVAILABLE). Default 30 000. Keep it below the stream's duplicate window
   * (2 minutes by default), or a retried event could be stored twice.
   */
  readonly publishRetry?: number
}

/**
 * Options of {@link JetStreamBus.subscribe}.
 *
 * @example
 * ```ts
 * const sub = await bus.subscribe(['todo.task_added'], { durable: 'projector' })
 * ```
 * @public
 */
export interface JetStreamSubscribeOptions extends SubscribeOptions {
  /**
   * A durable consumer of this name: it keeps its place while nobody is subscribed (across
   * restarts and crashes) and delivers what was published meanwhile. Subscriptions with the same
   * durable name share its events, as a group does. Letters, digits, `_`, `-`, at most 200.
   */
  readonly durable?: string
}

/** The JetStream bus' own options, checked, with defaults. @internal */
export interface JetStreamSettings {
  readonly stream: string
  readonly create: boolean
  readonly config: Partial<Omit<StreamConfig, 'name'>>
  readonly ackWait: number
  readonly maxAckPending: number
  readonly groupInactiveThreshold: number
  readonly publishTimeout: number
  readonly publishRetry: number
}

/**
 * The default stream of a {@link JetStreamBus}.
 *
 * @example
 * ```ts
 * new JetStreamBus(nc).stream === DEFAULT_STREAM // 'GOES_EVENTS'
 * ```
 * @public
 */
export const DEFAULT_STREAM = 'GOES_EVENTS'
/**
 * The default subject prefix of a {@link JetStreamBus}.
 *
 * @example
 * ```ts
 * new JetStreamBus(nc).prefix === DEFAULT_STREAM_PREFIX // 'goes.stream'
 * ```
 * @public
 */
export const DEFAULT_STREAM_PREFIX = 'goes.stream'

const NAME = /^[A-Za-z0-9_-]{1,200}$/
const check = optionChecks('JetStreamBus')

/** @internal */
export function jetStreamSettings(options: JetStreamBusOptions): JetStreamSettings {
  const s = typeof options.stream === 'string' ? { name: options.stream } : (options.stream ?? {})
  const stream = s.name ?? DEFAULT_STREAM
  checkName(stream, 'stream name', 'option stream.name')
  return {
    stream,
    create: s.create ?? true,
    config: s.config ?? {},
    ackWait: check.integer('ackWait', options.ackWait, { fallback: 30_000 }),
    maxAckPending: check.integer('maxAckPending', options.maxAckPending, { fallback: 1000 }),
    groupInactiveThreshold: check.integer('groupInactiveThreshold', options.groupInactiveThreshold, {
      fallback: 3_600_000,
    }),
    publishTimeout: check.integer('publishTimeout', options.publishTimeout, { fallback: 5_000 }),
    publishRetry: check.integer('publishRetry', options.publishRetry, { fallback: 30_000, min: 0 }),
  }
}

/** Checks a stream or durable consumer name (they appear in JetStream API subjects). @internal */
export function checkName(name: unknown, what: string, where: string): asserts name is string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new GoesError(
      'INVALID_OPTION',
      `The ${what} ${JSON.stringify(name)} (${where}) is not usable: use 1–200 letters, digits, '_' or '-'.`,
    )
  }
}
