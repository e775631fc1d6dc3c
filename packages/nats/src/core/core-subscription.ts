import type { Msg, NatsConnection, Subscription as NatsDriverSubscription } from '@nats-io/transport-node'
import { toGoesError } from '../connection/errors.js'
import type { WireMessage } from '../subscription/decode.js'
import { type WireSettings, WireSubscription } from '../subscription/wire-subscription.js'

/**
 * A subscription of a {@link NatsBus}: one NATS subscription per subject (all in the same queue
 * group when the subscribe call named a group), feeding one queue, so events of several names
 * keep the order the server delivered them in.
 *
 * @internal
 */
export class CoreSubscription extends WireSubscription<WireMessage> {
  readonly #subs: NatsDriverSubscription[] = []

  constructor(settings: WireSettings, nc: NatsConnection, subjects: readonly string[], group: string | undefined) {
    super(settings)
    try {
      for (const subject of subjects) {
        // On an exact subject the message's subject is known: no need to decode it from bytes.
        const exact = !subject.endsWith('>')
        const callback = (err: Error | null, msg: Msg): void => {
          if (err !== null) this.report(toGoesError(err, 'receiving events'))
          else this.deliver(exact ? { subject, data: msg.data } : msg)
        }
        this.#subs.push(nc.subscribe(subject, group === undefined ? { callback } : { queue: group, callback }))
      }
    } catch (err) {
      void this.close()
      throw toGoesError(err, 'subscribing')
    }
  }

  protected async stop(): Promise<void> {
    for (const s of this.#subs) {
      if (!s.isClosed()) s.unsubscribe()
    }
  }
}
