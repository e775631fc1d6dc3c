import type { EventBus, Subscription } from '../../bus/bus.js'
import { asGoesError } from '../../errors/errors.js'
import type { Event } from '../../event/event.js'
import type { ErrorBuffer } from '../../subscription/error-buffer.js'

// Small helpers both sides of the command bus use to talk to their event bus.

/** Publishes one event; a bus that throws instead of rejecting still yields a rejection. @internal */
export function publishOne(bus: EventBus, event: Event): Promise<void> {
  try {
    return bus.publish([event])
  } catch (err) {
    return Promise.reject(err)
  }
}

/** Forwards the errors of an event bus subscription to an error stream until it ends. @internal */
export async function forwardErrors(sub: Subscription, errors: ErrorBuffer): Promise<void> {
  try {
    for await (const err of sub.errors)
      errors.report(asGoesError(err, 'MALFORMED_MESSAGE', 'A command protocol message was skipped'))
  } catch (err) {
    errors.report(asGoesError(err, 'MALFORMED_MESSAGE', 'The error stream of an event bus subscription failed'))
  }
}

/** Whether `signal` has fired (a function, so a check after an `await` is not narrowed away). @internal */
export function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true
}
