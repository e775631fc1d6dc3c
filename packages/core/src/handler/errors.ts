import { GoesError } from '../errors/errors.js'
import { formatCause } from '../errors/format.js'
import type { Event } from '../event/event.js'
import { isHandlerFailure } from '../internal/failure.js'

/**
 * A handler registered with `EventHandler.on()` threw or rejected while handling an event.
 * The event handler reports it (to `onError` and the `errors` stream) and carries on with the
 * next handler and the next event; `cause` is what the handler threw.
 *
 * @example
 * ```ts
 * for await (const err of running.errors) {
 *   if (isHandlerError(err)) log.warn(`${err.eventName} ${err.eventId} failed`, err.cause)
 * }
 * ```
 * @public
 */
export class HandlerError extends GoesError<'HANDLER_FAILED'> {
  override readonly name = 'HandlerError'
  /** Name of the event whose handler failed. */
  readonly eventName: string
  /** Id of the event whose handler failed. */
  readonly eventId: string
  /** The event itself, so a caller can retry or park it. */
  readonly event: Event

  constructor(event: Event, cause: unknown) {
    super(
      'HANDLER_FAILED',
      `A handler of event "${event.name}" (id ${event.id}) failed: ${formatCause(cause)}. ` +
        'The event handler carried on with the next event; fix the handler or catch the error inside it.',
      { cause },
    )
    this.eventName = event.name
    this.eventId = event.id
    this.event = event
  }
}

/**
 * Reports whether `err` is a {@link HandlerError} — from any copy of the package: it checks the
 * `HANDLER_FAILED` code and the event fields, not `instanceof`.
 *
 * @example
 * ```ts
 * new EventHandler(bus, { onError: (err) => { if (isHandlerError(err)) retryLater(err.event) } })
 * ```
 * @public
 */
export function isHandlerError(err: unknown): err is HandlerError {
  return isHandlerFailure(err, 'eventId', 'eventName')
}
