import { optionChecks } from '@goes/core/backend'

const check = optionChecks('OutboxRelay')

/**
 * Options of {@link OutboxRelay} (and of {@link outboxStore}, which starts one).
 *
 * @example
 * ```ts
 * new OutboxRelay(store, bus, { pollMs: 500, claimTtlMs: 10_000 })
 * ```
 * @public
 */
export interface OutboxRelayOptions {
  /** Wait between two polls when there was nothing to publish, in ms (default 1000). */
  readonly pollMs?: number
  /** Unpublished events read per round trip (default 500). */
  readonly batchSize?: number
  /**
   * How long a relay's lease on an aggregate lasts, in ms (default 30 000). A relay that dies
   * holding a lease delays that aggregate's events by up to this long (a relay that finishes
   * releases its leases at once); a publish still running at 80 % of it is aborted and the
   * events are published again later. Keep it well above a publish's duration.
   */
  readonly claimTtlMs?: number
  /** The collection holding the claims (default: the events collection's name + `_outbox_claims`). */
  readonly claimsCollection?: string
  /**
   * `'auto'` (default): also wake on the events collection's change stream when the server
   * has change streams (a replica set); `'poll'`: only poll.
   */
  readonly wake?: 'auto' | 'poll'
  /** Unread errors `errors` keeps; beyond that the oldest are dropped and counted (default 1000). */
  readonly maxBufferedErrors?: number
}

/** Options with every default applied. @internal */
export interface RelaySettings {
  readonly pollMs: number
  readonly batchSize: number
  readonly claimTtlMs: number
  readonly claimsCollection: string | undefined
  readonly wake: 'auto' | 'poll'
  readonly maxBufferedErrors: number
}

/** Checks and completes the options. @internal */
export function relaySettings(options: OutboxRelayOptions = {}): RelaySettings {
  const o = check.object(options)
  return {
    pollMs: check.integer('pollMs', o.pollMs, { fallback: 1000, fix: 'Pass a positive number, e.g. 1000.' }),
    batchSize: check.integer('batchSize', o.batchSize, { fallback: 500, fix: 'Pass a positive number, e.g. 500.' }),
    claimTtlMs: check.integer('claimTtlMs', o.claimTtlMs, {
      fallback: 30_000,
      fix: 'Pass a positive number, e.g. 30000.',
    }),
    claimsCollection: o.claimsCollection,
    wake: check.choice('wake', o.wake, ['auto', 'poll'] as const, 'auto'),
    maxBufferedErrors: check.integer('maxBufferedErrors', o.maxBufferedErrors, { fallback: 1000 }),
  }
}
