import type { AggregateRef, Event, EventBus } from '@goes/core'
import type { Claims } from './claims.js'
import type { RelaySettings } from './options.js'
import { leaseKey, runsOf } from './runs.js'
import type { OutboxSource } from './source.js'

/** What a relay round works with. @internal */
export interface RoundContext {
  readonly source: OutboxSource
  readonly claims: Claims
  readonly bus: EventBus
  readonly settings: RelaySettings
}

/**
 * Publishes what is unpublished and not leased by another relay now, batch after batch;
 * resolves with the number of events published.
 *
 * @internal
 */
export async function publishUnpublished(ctx: RoundContext, signal: AbortSignal | undefined): Promise<number> {
  const { batchSize } = ctx.settings
  let published = 0
  for (;;) {
    const found = await ctx.source.unpublished(batchSize, signal)
    const n = await publishRound(ctx, runsOf(found), signal)
    published += n
    if (found.length < batchSize || n === 0) return published
  }
}

// Takes the leases of the runs' aggregates it can get, re-reads what of them is unpublished
// NOW (another relay may have published part of what the first read saw), publishes that,
// clears the markers and releases the leases: a handful of round trips per round, however
// many aggregates. Returns how many events it published.
async function publishRound(ctx: RoundContext, runs: readonly Event[][], signal: AbortSignal | undefined) {
  const firsts = new Map(runs.map((run) => [leaseKey(run[0]!), run[0]!]))
  const leases = await ctx.claims.take([...firsts.keys()], signal)
  if (leases.size === 0) return 0
  try {
    const aggregates: AggregateRef[] = []
    const solo: string[] = []
    for (const key of leases.keys()) {
      const first = firsts.get(key)!
      if (first.aggregate === undefined) solo.push(first.id)
      else aggregates.push(first.aggregate)
    }
    const events = await ctx.source.unpublishedOf(aggregates, solo, ctx.settings.batchSize, signal)
    if (events.length === 0) return 0
    // One publish keeps each aggregate's events in version order. It gives up before the
    // leases run out, so no two relays publish one aggregate at once.
    const limit = AbortSignal.timeout(Math.max(1, Math.floor(ctx.settings.claimTtlMs * 0.8)))
    await ctx.bus.publish(events, { signal: signal === undefined ? limit : AbortSignal.any([signal, limit]) })
    await ctx.source.markPublished(
      events.map((e) => e.id),
      signal,
    )
    return events.length
  } finally {
    await ctx.claims.release(leases.values()).catch(() => undefined)
  }
}
