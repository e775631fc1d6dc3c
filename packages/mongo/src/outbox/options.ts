import { GoesError } from '@goes/core'

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
}

/** Options with every default applied. @internal */
export interface RelaySettings {
  readonly pollMs: number
  readonly batchSize: number
  readonly claimTtlMs: number
  readonly claimsCollection: string | undefined
  readonly wake: 'auto' | 'poll'
}

/** Checks and completes the options. @internal */
export function relaySettings(o: OutboxRelayOptions = {}): RelaySettings {
  const wake = o.wake ?? 'auto'
  if (wake !== 'auto' && wake !== 'poll') {
    throw new GoesError('INVALID_OPTION', `The option \`wake\` must be 'auto' or 'poll', got ${String(wake)}.`)
  }
  return {
    pollMs: positive(o.pollMs ?? 1000, 'pollMs', 'e.g. 1000'),
    batchSize: positive(o.batchSize ?? 500, 'batchSize', 'e.g. 500'),
    claimTtlMs: positive(o.claimTtlMs ?? 30_000, 'claimTtlMs', 'e.g. 30000'),
    claimsCollection: o.claimsCollection,
    wake,
  }
}

function positive(value: unknown, name: string, example: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new GoesError(
      'INVALID_OPTION',
      `The option \`${name}\` must be an integer ≥ 1, got ${String(value)}. Pass a positive number, ${example}.`,
    )
  }
  return value
}
