import { GoesError } from '@goes/core'
import { raceSignal, sleep } from '@goes/core/backend'
import type { JetStreamClient, PubAck } from '@nats-io/jetstream'
import { isTransient, toGoesError } from '../connection/errors.js'

/** How a batch is published. @internal */
export interface PublishPlan {
  readonly subjects: readonly string[]
  readonly payloads: readonly (Uint8Array | undefined)[]
  /** Message ids for de-duplication (the event ids); none for raw messages. */
  readonly ids: readonly string[] | undefined
  /** Give up retrying after this many ms (0: no retry). */
  readonly retryMs: number
  readonly signal: AbortSignal | undefined
  /** Registers a listener for the client's reconnects (returns its removal): what was in flight is then sent again at once. */
  readonly onReconnect?: (listener: () => void) => () => void
}

/**
 * Publishes a batch to JetStream, all messages in flight at once (the connection sends them in
 * order, so the stream stores them in order), and resolves when the stream has acknowledged
 * every one. Messages that fail with a retryable error (no JetStream leader during a failover, a
 * lost connection, a timeout) are sent again, in their order and with the same message id — the
 * stream stores an id once — until `retryMs` has passed; then it rejects with TIMEOUT (with
 * `retryMs` 0, at once with the error's own code: UNAVAILABLE, TIMEOUT, …).
 *
 * @internal
 */
export async function publishBatch(js: JetStreamClient, plan: PublishPlan): Promise<void> {
  const deadline = Date.now() + plan.retryMs
  let pending = plan.subjects.map((_, i) => i)
  for (let attempt = 0; ; attempt++) {
    const acks = pending.map((i) =>
      js.publish(plan.subjects[i]!, plan.payloads[i], plan.ids === undefined ? undefined : { msgID: plan.ids[i]! }),
    )
    const outcome = await raceSignal(settleOrReconnect(acks, plan), plan.signal, 'JetStreamBus.publish')
    if (outcome === DONE) return
    let lastError: unknown
    if (outcome === RECONNECTED) {
      // The connection was lost and is back: acknowledgements of the old one will not come. Send
      // the unconfirmed again at once (same ids: the stream keeps each once), not after a timeout.
      const confirmed = await confirmedNow(acks)
      pending = pending.filter((_, k) => !confirmed[k])
      if (pending.length === 0) return
      lastError = new GoesError('UNAVAILABLE', 'the connection was lost before JetStream confirmed them')
    } else {
      const settled = await Promise.allSettled(acks)
      const failed: number[] = []
      for (let k = 0; k < settled.length; k++) {
        const r = settled[k]!
        if (r.status === 'fulfilled') continue
        if (!isTransient(r.reason)) throw notConfirmed(r.reason, settled, plan)
        failed.push(pending[k]!)
        lastError = r.reason
      }
      if (failed.length === 0) return
      if (plan.retryMs === 0) throw notConfirmed(lastError, settled, plan)
      pending = failed
    }
    if (Date.now() >= deadline) {
      const cause = toGoesError(lastError, 'publishing')
      throw new GoesError(
        'TIMEOUT',
        `${pending.length} of ${plan.subjects.length} events were not confirmed by JetStream after ${attempt + 1} attempts over ${plan.retryMs} ms: ${cause.message} Publishing the same events again is safe: the stream stores each event id once (within its duplicate window).`,
        { cause: lastError },
      )
    }
    if (outcome !== RECONNECTED)
      await sleep(Math.min(100 * 2 ** Math.min(attempt, 3), 1000), plan.signal, 'JetStreamBus.publish')
  }
}

const DONE = 0
const FAILED = 1
const RECONNECTED = 2

/** Waits until every acknowledgement came (DONE), one failed (FAILED), or the client reconnected. */
function settleOrReconnect(acks: readonly Promise<PubAck>[], plan: PublishPlan): Promise<number> {
  const all = Promise.all(acks).then(
    () => DONE,
    () => FAILED,
  )
  const onReconnect = plan.onReconnect
  if (onReconnect === undefined || plan.retryMs === 0) return all
  let off: (() => void) | undefined
  const reconnected = new Promise<number>((resolve) => {
    off = onReconnect(() => resolve(RECONNECTED))
  })
  return Promise.race([all, reconnected]).finally(() => off?.())
}

/** Which acknowledgements have arrived by now (a settled promise's handler runs within a few microtasks). */
async function confirmedNow(acks: readonly Promise<PubAck>[]): Promise<boolean[]> {
  const confirmed = acks.map(() => false)
  acks.forEach((ack, k) => {
    ack.then(
      () => {
        confirmed[k] = true
      },
      () => {},
    )
  })
  await new Promise((resolve) => setImmediate(resolve))
  return confirmed
}

function notConfirmed(reason: unknown, settled: readonly PromiseSettledResult<PubAck>[], plan: PublishPlan): GoesError {
  const failed = settled.filter((r) => r.status === 'rejected').length
  const err = toGoesError(reason, 'publishing')
  return new GoesError(
    err.code,
    `${failed} of ${plan.subjects.length} events were not confirmed by JetStream: ${err.message}${plan.ids ? ' Publishing the same events again is safe: the stream stores each event id once (within its duplicate window).' : ''}`,
    { cause: reason },
  )
}
