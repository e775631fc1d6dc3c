import { GoesError } from '@goes/core'
import type { Consumer, ConsumerMessages, ConsumerNotification, JsMsg } from '@nats-io/jetstream'
import { toGoesError } from '../connection/errors.js'
import { type WireSettings, WireSubscription } from '../subscription/wire-subscription.js'

const PULL_EXPIRES = 5_000

/** How a JetStream subscription reads. @internal */
export interface JsReadSettings {
  /** Acknowledge explicitly (durable and group consumers); false for an ordered consumer. */
  readonly ack: boolean
  /** Subjects to keep when the consumer's filter is wider (servers before 2.10 filter on one subject). */
  readonly accept: ReadonlySet<string> | undefined
  /** Recreates a consumer that disappeared, from the given stream sequence on (ordered consumers: nats.js does). */
  readonly recreate?: (fromSeq: number) => Promise<'created' | 'exists'>
}

/**
 * A subscription of a {@link JetStreamBus}: a pull consumer's messages, decoded when the reader
 * asks. With acknowledgement, an event is acked when the reader asks for the next one (it has
 * taken it); the event in hand and those not yet taken when the subscription closes are given
 * back (nak) for prompt redelivery, and a malformed message is terminated (never redelivered).
 *
 * @internal
 */
export class JsSubscription extends WireSubscription<JsMsg> {
  readonly #read: JsReadSettings
  #consumer: Consumer | undefined
  #messages: ConsumerMessages | undefined
  #unacked: JsMsg | undefined
  #acks: JsMsg[] = []
  #ackScheduled = false
  readonly #sendAcks = (): void => {
    this.#ackScheduled = false
    const acks = this.#acks
    if (acks.length === 0) return
    this.#acks = []
    for (let i = 0; i < acks.length; i++) acks[i]!.ack()
  }
  #lastSeq = 0
  #recreating = false

  constructor(settings: WireSettings, read: JsReadSettings) {
    super(settings)
    this.#read = read
  }

  /** Starts consuming; resolves once the pull loop runs. */
  async start(consumer: Consumer): Promise<void> {
    this.#consumer = consumer
    const accept = this.#read.accept
    const ack = this.#read.ack
    this.#messages = await consumer.consume({
      // Pull requests expire (and missing heartbeats are noticed) after 5 s instead of nats.js'
      // 30 s: after a restart or failover a subscription reads again within ~5–15 s, not ~40 s
      // (test/jetstream-reconnect.test.ts prints it). Costs one pull request per 5 s when idle.
      expires: PULL_EXPIRES,
      callback: (m) => {
        if (accept !== undefined && !accept.has(m.subject)) {
          if (ack) m.ack()
          return
        }
        this.deliver(m)
      },
    })
    void this.#watch(this.#messages)
    if (!this.isOpen) await this.stop() // closed (its signal fired) while consuming started
  }

  // The reader has taken the event in hand: acknowledge it. Acks are sent together once the
  // reader waits for more or at the end of the current turn of the event loop — one write for
  // many acks instead of one per event (each `for await` step is a microtask of its own).
  protected override beforeNext(): void {
    const m = this.#unacked
    if (m === undefined) return
    this.#unacked = undefined
    this.#acks.push(m)
    if (!this.#ackScheduled) {
      this.#ackScheduled = true
      setImmediate(this.#sendAcks)
    }
  }

  protected override idle(): void {
    this.#sendAcks()
  }

  protected override accepted(m: JsMsg): void {
    this.#lastSeq = m.seq
    if (this.#read.ack) this.#unacked = m
  }

  protected override skipped(m: JsMsg, malformed: boolean): void {
    this.#lastSeq = m.seq
    if (!this.#read.ack) return
    if (malformed) m.term('goes: malformed message')
    else m.ack()
  }

  protected override dropped(m: JsMsg): void {
    if (this.#read.ack) m.nak()
  }

  protected async stop(): Promise<void> {
    this.#sendAcks()
    const m = this.#unacked
    this.#unacked = undefined
    if (m !== undefined) m.nak()
    await this.#messages?.close()
    if (!this.#read.ack) await this.#consumer?.delete().catch(() => false) // ordered: nobody else uses it
  }

  async #watch(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const s of messages.status()) this.#notice(s)
    } catch {
      // the status stream ends with the messages
    }
  }

  #notice(s: ConsumerNotification): void {
    switch (s.type) {
      case 'consumer_deleted':
      case 'consumer_not_found':
        // Also seen while a restarted server recovers its consumers: check, recreate if gone.
        void this.#recreate(s.type)
        return
      case 'stream_not_found':
        this.report(
          new GoesError(
            'NOT_FOUND',
            `The JetStream stream of this subscription is gone (${s.name}). Recreate it and subscribe again.`,
          ),
        )
        return
      case 'exceeded_limits':
        this.report(
          new GoesError(
            'INVALID_STATE',
            `JetStream refused a pull of this subscription: ${s.description} (${s.code}).`,
          ),
        )
        return
      default:
    }
  }

  async #recreate(why: string): Promise<void> {
    const recreate = this.#read.recreate
    if (recreate === undefined || this.#recreating || !this.isOpen) return
    this.#recreating = true
    try {
      const from = this.#lastSeq + 1
      if ((await recreate(from)) === 'created') {
        this.report(
          new GoesError(
            'NOT_FOUND',
            `The JetStream consumer of this subscription was gone (${why}); the bus created it again, reading from stream sequence ${from} (after the last event taken). Events not yet acknowledged may come again.`,
          ),
        )
      }
    } catch (err) {
      this.report(toGoesError(err, 'recreating the JetStream consumer of this subscription'))
    } finally {
      this.#recreating = false
    }
  }
}
