import type { PublishOptions, PubSub, Topic } from '@google-cloud/pubsub'
import { grpcCode, Status, toGoesError } from '../errors/driver-errors.js'
import { assertResourceId } from '../naming/topic-name.js'

/**
 * The topics a bus publishes to and subscribes on: each one created (or found to exist) once per
 * bus, then reused, with one publisher per topic (message ordering on). A failed creation is
 * forgotten, so the next call tries again.
 *
 * @internal
 */
export class Topics {
  readonly #client: PubSub
  readonly #publishOptions: PublishOptions
  readonly #ready = new Map<string, Promise<Topic>>()
  readonly #done = new Map<string, Topic>()

  constructor(client: PubSub, publishOptions: PublishOptions) {
    this.#client = client
    this.#publishOptions = { ...publishOptions, messageOrdering: true }
  }

  /** The topic's publisher when the topic is known to exist, without waiting. */
  ready(id: string): Topic | undefined {
    return this.#done.get(id)
  }

  /** Creates the topic unless it exists; resolves with its publisher. */
  ensure(id: string): Promise<Topic> {
    let ready = this.#ready.get(id)
    if (ready === undefined) {
      ready = this.#create(id)
      this.#ready.set(id, ready)
      ready.then(
        (topic) => this.#done.set(id, topic),
        () => this.#ready.delete(id),
      )
    }
    return ready
  }

  /** Forgets a topic (deleted behind the bus's back): the next `ensure` creates it again. */
  forget(id: string): void {
    this.#ready.delete(id)
    this.#done.delete(id)
  }

  /** Sends what the publishers still batch. */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.#done.values()].map((t) => t.flush()))
  }

  async #create(id: string): Promise<Topic> {
    assertResourceId(id, 'The topic id')
    const topic = this.#client.topic(id, this.#publishOptions)
    try {
      await topic.create()
    } catch (err) {
      if (grpcCode(err) !== Status.ALREADY_EXISTS) throw toGoesError(err, `creating the topic "${id}"`)
    }
    return topic
  }
}
