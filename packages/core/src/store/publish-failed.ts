import { GoesError, isGoesError } from '../errors/errors.js'
import { formatCause } from '../errors/format.js'
import type { Event } from '../event/event.js'

/**
 * Raised by a store decorated with `withBus` when the events were STORED but publishing them
 * failed (or was cut short by the insert's signal). The insert is not undone: the events are
 * in the store and `events` holds them, so the caller can publish them again (same ids — a
 * subscriber that deduplicates by id sees them once) or rely on an outbox. The publish error
 * is the `cause`.
 *
 * A `Repository` that gets it commits the aggregate first (its changes are stored), then
 * rethrows it: the next save of new changes works as usual.
 *
 * @example
 * ```ts
 * try { await repository.save(list) }
 * catch (err) {
 *   if (isPublishFailedError(err)) await retryLater(() => bus.publish(err.events))
 *   else throw err
 * }
 * ```
 * @public
 */
export class PublishFailedError extends GoesError<'PUBLISH_FAILED'> {
  override readonly name: string = 'PublishFailedError'
  /** The events that were stored but not (all) published, in insert order. */
  readonly events: readonly Event[]

  constructor(events: readonly Event[], cause: unknown) {
    super(
      'PUBLISH_FAILED',
      `${events.length} event(s) were stored, but publishing them failed: ${formatCause(cause)}. They stay stored; publish err.events again (same ids) or rely on an outbox.`,
      { cause },
    )
    this.events = Object.freeze([...events])
  }
}

/**
 * Reports whether `err` is a {@link PublishFailedError} from any copy of the package (the
 * `PUBLISH_FAILED` code and an `events` array).
 *
 * @example
 * ```ts
 * if (isPublishFailedError(err)) console.warn(`${err.events.length} stored events were not published`)
 * ```
 * @public
 */
export function isPublishFailedError(err: unknown): err is PublishFailedError {
  return isGoesError(err, 'PUBLISH_FAILED') && Array.isArray((err as { events?: unknown }).events)
}
