// Shared by the integration tests: the pstest fake from the service harness, a client on it,
// a fresh id prefix per bus, and the clean-up that deletes what a prefix created.
import { randomBytes } from 'node:crypto'
import { integration } from '@goes-internal/services/integration'
import { PubSub, type SubscriberOptions } from '@google-cloud/pubsub'
import { PubSubBus, type PubSubBusOptions } from '../../src/index.js'

export const pubsub = integration('pubsub')
process.env.PUBSUB_EMULATOR_HOST = `${pubsub.host}:${pubsub.port}`

export const PROJECT = 'goes-test'

/**
 * The fake hands out an ordering key's next message only after the previous one's ack, on a
 * 10 ms tick: acks must go out at once (the default batches them for up to 100 ms).
 */
export const FAST_ACKS: SubscriberOptions = { batching: { maxMessages: 1, maxMilliseconds: 1 } }

export function newClient(): PubSub {
  return new PubSub({ projectId: PROJECT })
}

/** A prefix no other test uses, e.g. `t1a2b3c4d.`. */
export function uniquePrefix(): string {
  return `t${randomBytes(4).toString('hex')}.`
}

/** A bus on `client` with its own prefix and fast acks. */
export function testBus(client: PubSub, options: PubSubBusOptions = {}): PubSubBus {
  return new PubSubBus({ client, prefix: uniquePrefix(), subscriber: FAST_ACKS, ...options })
}

/** The ids (last path part) of the topics and subscriptions whose id starts with `prefix`. */
export async function listPrefixed(
  client: PubSub,
  prefix: string,
): Promise<{ topics: string[]; subscriptions: string[] }> {
  const last = (name: string) => name.slice(name.lastIndexOf('/') + 1)
  const [topics] = await client.getTopics()
  const [subscriptions] = await client.getSubscriptions()
  return {
    topics: topics.map((t) => last(t.name)).filter((id) => id.startsWith(prefix)),
    subscriptions: subscriptions.map((s) => last(s.name)).filter((id) => id.startsWith(prefix)),
  }
}

/** Deletes every topic and subscription whose id starts with `prefix`. */
export async function dropPrefixed(client: PubSub, prefix: string): Promise<void> {
  const { topics, subscriptions } = await listPrefixed(client, prefix)
  await Promise.all(
    subscriptions.map((id) =>
      client
        .subscription(id)
        .delete()
        .catch(() => {}),
    ),
  )
  await Promise.all(
    topics.map((id) =>
      client
        .topic(id)
        .delete()
        .catch(() => {}),
    ),
  )
}

/** Closes a bus and deletes what its prefix created. */
export async function dropBus(client: PubSub, bus: PubSubBus): Promise<void> {
  await bus.close()
  await dropPrefixed(client, bus.prefix)
}
