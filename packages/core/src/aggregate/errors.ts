import { ConsistencyError, type GoesErrorOptions } from '../errors/errors.js'
import type { AggregateRef, Event } from '../event/event.js'

/**
 * What an aggregate history got wrong:
 * - `'name'` — an event belongs to another aggregate name (or to no aggregate at all);
 * - `'id'` — an event belongs to another aggregate id;
 * - `'version'` — a version is not above the aggregate's, not increasing, or leaves a gap;
 * - `'time'` — an event is not later than the event before it.
 *
 * @example
 * ```ts
 * if (err instanceof AggregateConsistencyError && err.kind === 'version') await refetchAndRetry()
 * ```
 * @public
 */
export type ConsistencyKind = 'name' | 'id' | 'version' | 'time'

/**
 * Raised by `validateHistory` (and so by the repository before it inserts and after it
 * fetches) when events cannot be the history of an aggregate. A {@link ConsistencyError}
 * (code `'CONSISTENCY'`), so `isConsistencyError(err)` accepts it, with what went wrong in
 * `kind`, the offending `event` and the aggregate as it was checked.
 *
 * @example
 * ```ts
 * try { validateHistory(list, events) }
 * catch (err) {
 *   if (err instanceof AggregateConsistencyError && err.kind === 'version') console.log(err.event.aggregate)
 * }
 * ```
 * @public
 */
export class AggregateConsistencyError extends ConsistencyError {
  override readonly name: string = 'AggregateConsistencyError'
  /** Which rule the event broke. */
  readonly kind: ConsistencyKind
  /** The first event that broke it. */
  readonly event: Event
  /** The aggregate the history was checked against, at its version then. */
  readonly aggregate: AggregateRef

  constructor(
    kind: ConsistencyKind,
    event: Event,
    aggregate: AggregateRef,
    message: string,
    options?: GoesErrorOptions,
  ) {
    super(message, options)
    this.kind = kind
    this.event = event
    this.aggregate = aggregate
  }
}
