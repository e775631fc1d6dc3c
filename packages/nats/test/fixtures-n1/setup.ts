// Shared set-up of N1's tests: a connection to the pre-started server, unique names, and the
// suite variants (bus wrappers that add options to every subscribe call).
import type { ALL_EVENTS, Event, EventBus, SignalOptions, SubscribeOptions, Subscription } from '@goes/core'
import { integration } from '@goes-internal/services/integration'
import { connect, type NatsConnection } from '@nats-io/transport-node'

export const nats = integration('nats')

/** A short random token for stream names, prefixes, durable names. */
export function uniqueId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(5)), (b) => b.toString(16).padStart(2, '0')).join('')
}

export function connectNats(): Promise<NatsConnection> {
  return connect({ servers: nats.url, name: 'goes-n1-test' })
}

/**
 * A bus that adds options to every subscribe call of the wrapped bus (for the suite's variants:
 * each subscription in its own queue group, each subscription durable, …).
 */
export class VariantBus<B extends EventBus> implements EventBus {
  constructor(
    readonly bus: B,
    readonly extra: (options: SubscribeOptions | undefined) => SubscribeOptions,
  ) {}

  publish(events: readonly Event[], options?: SignalOptions): Promise<void> {
    return this.bus.publish(events, options)
  }

  subscribe(names: readonly string[] | typeof ALL_EVENTS, options?: SubscribeOptions): Promise<Subscription> {
    return this.bus.subscribe(names, { ...options, ...this.extra(options) })
  }
}

/** Deletes a stream, ignoring one that is already gone. */
export async function deleteStream(nc: NatsConnection, name: string): Promise<void> {
  const { jetstreamManager } = await import('@nats-io/jetstream')
  const jsm = await jetstreamManager(nc)
  await jsm.streams.delete(name).catch((err: { name?: string }) => {
    if (err?.name !== 'StreamNotFoundError') throw err
  })
}
