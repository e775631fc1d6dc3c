import { abortError } from '@goes/core/backend'
import type { Topic } from '@google-cloud/pubsub'
import { grpcCode, Status, toGoesError } from '../errors/driver-errors.js'
import type { Topics } from './topics.js'

/** One message to publish: its event topic, bytes and ordering key. @internal */
export interface Outgoing {
  readonly topic: string
  readonly data: Buffer
  readonly orderingKey: string | undefined
}

/** The attribute that names a copy's event topic on the all-events topic. @internal */
export const TOPIC_ATTRIBUTE = 'goes_topic'

/**
 * Publishes batches of messages in call order: a publish hands its messages to the driver only
 * after the previous publish has handed over its own (topics still being created included), so
 * messages with one ordering key keep their order across calls. Each message goes to its event
 * topic and, when `allTopic` is set, as a copy carrying {@link TOPIC_ATTRIBUTE} to that topic.
 *
 * @internal
 */
export class Publisher {
  readonly #topics: Topics
  readonly #allTopic: string | undefined
  #tail: Promise<unknown> = Promise.resolve()

  constructor(topics: Topics, allTopic: string | undefined) {
    this.#topics = topics
    this.#allTopic = allTopic
  }

  publish(messages: readonly Outgoing[], signal: AbortSignal | undefined): Promise<void> {
    const ids = new Set(messages.map((m) => m.topic))
    if (this.#allTopic !== undefined) ids.add(this.#allTopic)
    const handed = this.#tail.then(async () => {
      if (signal?.aborted) throw abortError(signal, 'PubSubBus.publish')
      const topics = new Map<string, Topic>()
      const missing: Promise<unknown>[] = []
      for (const id of ids) {
        const ready = this.#topics.ready(id)
        if (ready !== undefined) topics.set(id, ready)
        else missing.push(this.#topics.ensure(id).then((topic) => topics.set(id, topic)))
      }
      if (missing.length > 0) await Promise.all(missing) // new topics are created at the same time
      return messages.flatMap((m) => {
        const sent = [send(topics.get(m.topic)!, m, undefined)]
        if (this.#allTopic !== undefined) sent.push(send(topics.get(this.#allTopic)!, m, m.topic))
        return sent
      })
    })
    this.#tail = handed.catch(() => {})
    return handed.then(async (sent) => {
      const results = await Promise.allSettled(sent)
      const failed = results.find((r) => r.status === 'rejected')
      if (failed !== undefined) {
        if (grpcCode(failed.reason) === Status.NOT_FOUND) for (const id of ids) this.#topics.forget(id)
        throw toGoesError(failed.reason, `publishing ${messages.length} event(s)`)
      }
    })
  }
}

function send(topic: Topic, m: Outgoing, copyOf: string | undefined): Promise<string> {
  const sent = topic.publishMessage({
    data: m.data,
    orderingKey: m.orderingKey,
    attributes: copyOf === undefined ? undefined : { [TOPIC_ATTRIBUTE]: copyOf },
  })
  // A failed publish pauses its ordering key in the driver; resume it so later publishes go out.
  if (m.orderingKey !== undefined) sent.catch(() => topic.resumePublishing(m.orderingKey!))
  return sent
}
