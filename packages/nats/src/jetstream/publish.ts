import { GoesError } from '@goes/core'
import type { JetStreamClient, PubAck } from '@nats-io/jetstream'
import { isTransient, raceSignal, toGoesError } from '../connection/errors.js'

/** How a batch is published. @internal */
export interface PublishPlan {
  readonly subjects: readonly string[]
  readonly payloads: readonly (Uint8Array | undefined)[]
  /** Message ids for de-duplication (the event ids); none for raw messages. */
  readonly ids: readonly string[] | undefined
  /** Give up retrying after this many ms (0: no retry). */
  readonly retryMs: number
  readonly signal: AbortSignal | undefined
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
    try {
      await raceSignal(Promise.all(acks), plan.signal, 'JetStreamBus.publish')
      return
    } catch (err) {
      if (plan.signal?.aborted) throw err
    }
    const settled = await Promise.allSettled(acks)
    const failed: number[] = []
    let lastError: unknown
    for (let k = 0; k < settled.length; k++) {
      const r = settled[k]!
      if (r.status === 'fulfilled') continue
      if (!isTransient(r.reason)) throw notConfirmed(r.reason, settled, plan)
      failed.push(pending[k]!)
      lastError = r.reason
    }
    if (failed.length === 0) return
    if (Date.now() >= deadline) {
      const cause = toGoesError(lastError, 'publishing')
      if (plan.retryMs === 0) throw notConfirmed(lastError, settled, plan)
      throw new GoesError(
        'TIMEOUT',
        `${failed.length} of ${plan.subjects.length} events were not confirmed by JetStream after ${attempt + 1} attempts over ${plan.retryMs} ms: ${cause.message} Publishing the same events again is safe: the stream stores each event id once (within its duplicate window).`,
        { cause: lastError },
      )
    }
    await sleep(Math.min(100 * 2 ** Math.min(attempt, 3), 1000), plan.signal)
    pending = failed
  }
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

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return raceSignal(new Promise<void>((resolve) => setTimeout(resolve, ms)), signal, 'JetStreamBus.publish')
}
