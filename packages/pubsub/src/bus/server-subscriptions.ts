import { GoesError } from '@goes/core'
import type { Subscription as DriverSubscription, Message, PubSub, SubscriberOptions } from '@google-cloud/pubsub'
import { grpcCode, Status, toGoesError } from '../errors/driver-errors.js'
import { assertResourceId } from '../naming/topic-name.js'
import type { Source } from './plan.js'
import type { Topics } from './topics.js'

/** Ephemeral subscriptions a crashed process leaves behind expire after a day of inactivity (Pub/Sub's minimum). */
const EPHEMERAL_TTL_SECONDS = 24 * 60 * 60

/**
 * Creates the Pub/Sub subscriptions of a bus subscription. When one fails, the broadcast ones
 * already made are deleted again and the first failure is thrown.
 *
 * @internal
 */
export async function createSources(
  client: PubSub,
  topics: Topics,
  sources: readonly Source[],
  ackDeadlineSeconds: number,
): Promise<void> {
  const results = await Promise.allSettled(
    sources.map((s) => createSubscription(client, topics, s, ackDeadlineSeconds)),
  )
  const failed = results.find((r) => r.status === 'rejected')
  if (failed === undefined) return
  await deleteEphemeral(client, sources)
  throw failed.reason
}

/**
 * Creates the Pub/Sub subscription of a source (its topic first, if need be), with message
 * ordering on. A group's subscription may exist already: then it is verified — same topic,
 * ordering on, same filter — and a mismatch is an `INVALID_STATE` error that says how to fix it.
 *
 * @internal
 */
async function createSubscription(
  client: PubSub,
  topics: Topics,
  source: Source,
  ackDeadlineSeconds: number,
): Promise<void> {
  assertResourceId(source.subscription, 'The subscription id')
  for (let attempt = 1; ; attempt++) {
    const topic = await topics.ensure(source.topic)
    try {
      await topic.createSubscription(source.subscription, {
        enableMessageOrdering: true,
        ackDeadlineSeconds,
        ...(source.filter === '' ? {} : { filter: source.filter }),
        ...(source.ephemeral ? { expirationPolicy: { ttl: { seconds: EPHEMERAL_TTL_SECONDS } } } : {}),
      })
      return
    } catch (err) {
      const code = grpcCode(err)
      if (code === Status.ALREADY_EXISTS && !source.ephemeral) return verify(client, source)
      if (code === Status.NOT_FOUND && attempt === 1) {
        topics.forget(source.topic) // deleted behind the bus's back: create it again, once
        continue
      }
      throw toGoesError(err, `creating the subscription "${source.subscription}" on topic "${source.topic}"`)
    }
  }
}

async function verify(client: PubSub, source: Source): Promise<void> {
  let meta: { topic?: string | null; enableMessageOrdering?: boolean | null; filter?: string | null }
  try {
    ;[meta] = await client.subscription(source.subscription).getMetadata()
  } catch (err) {
    throw toGoesError(err, `reading the subscription "${source.subscription}"`)
  }
  const problems: string[] = []
  if (!String(meta.topic ?? '').endsWith(`/topics/${source.topic}`)) {
    problems.push(`it is attached to ${meta.topic ?? 'no topic'}, not to topic "${source.topic}"`)
  }
  if (meta.enableMessageOrdering !== true) problems.push('message ordering is off')
  if ((meta.filter ?? '') !== source.filter) {
    problems.push(`its filter is ${JSON.stringify(meta.filter ?? '')}, not ${JSON.stringify(source.filter)}`)
  }
  if (problems.length > 0) {
    throw new GoesError(
      'INVALID_STATE',
      `The group subscription "${source.subscription}" exists, but ${problems.join('; ')}. Delete it (the bus creates it again, right) or use another group name.`,
    )
  }
}

/** Deletes a subscription; one that is gone already counts as deleted. @internal */
export async function deleteSubscription(client: PubSub, id: string): Promise<void> {
  try {
    await client.subscription(id).delete()
  } catch (err) {
    if (grpcCode(err) !== Status.NOT_FOUND) throw toGoesError(err, `deleting the subscription "${id}"`)
  }
}

/** Deletes the broadcast subscriptions of a bus subscription; resolves with the failures. @internal */
export async function deleteEphemeral(client: PubSub, sources: readonly Source[]): Promise<unknown[]> {
  const failures: unknown[] = []
  await Promise.all(
    sources
      .filter((s) => s.ephemeral)
      .map((s) => deleteSubscription(client, s.subscription).catch((err: unknown) => failures.push(err))),
  )
  return failures
}

/** What the streams of a bus subscription report to it. @internal */
export interface StreamEvents {
  message(message: Message, source: Source): void
  error(err: unknown, source: Source): void
  /** The driver closed a stream on its own (it gave up on it). */
  gone(): void
}

/** Opens a streaming pull per source; from then on messages arrive. @internal */
export function openStreams(
  client: PubSub,
  sources: readonly Source[],
  options: SubscriberOptions,
  on: StreamEvents,
): DriverSubscription[] {
  return sources.map((source) => {
    const stream = client.subscription(source.subscription, options)
    stream.on('message', (m: Message) => on.message(m, source))
    stream.on('error', (err: unknown) => on.error(err, source))
    stream.on('close', on.gone)
    return stream
  })
}

/**
 * Closes the streams (the driver nacks what it still leases) and deletes the broadcast
 * subscriptions; resolves with the failures. The error listeners stay, so a late driver error
 * is never unhandled.
 *
 * @internal
 */
export async function closeStreams(
  client: PubSub,
  streams: readonly DriverSubscription[],
  sources: readonly Source[],
  on: StreamEvents,
): Promise<unknown[]> {
  const failures: unknown[] = []
  await Promise.all(
    streams.map((s) => {
      s.removeListener('close', on.gone)
      return s.close().catch((err: unknown) => failures.push(err))
    }),
  )
  return [...failures, ...(await deleteEphemeral(client, sources))]
}
