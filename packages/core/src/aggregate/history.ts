import type { AggregateRef, Event } from '../event/event.js'
import { describe } from '../uuid/uuid.js'
import { AggregateConsistencyError, type ConsistencyKind } from './errors.js'
import type { AggregateRoot } from './types.js'

/**
 * Options of {@link validateHistory}.
 *
 * @example
 * ```ts
 * validateHistory(list, someLaterEvents, { contiguous: false })
 * ```
 * @public
 */
export interface ValidateHistoryOptions {
  /**
   * Whether versions must follow each other without gaps, the first one right after
   * `aggregateVersion` (default true). Turn it off only to check a deliberately partial
   * history, such as the result of a query with a version filter.
   */
  readonly contiguous?: boolean
}

/**
 * Throws an {@link AggregateConsistencyError} unless `events` can follow the current state of
 * `aggregate`, in order:
 * - every event belongs to the aggregate (same aggregate name and id);
 * - versions lie above `aggregateVersion`, strictly increase and — unless
 *   `contiguous: false` — leave no gap, the first being `aggregateVersion + 1`;
 * - times strictly increase.
 *
 * The repository runs it on `aggregate.changes` before inserting them and on fetched events
 * before applying them (so call it while `aggregateVersion` is still the version the events
 * must follow). An empty list is always valid.
 *
 * @example
 * ```ts
 * validateHistory(list, list.changes) // throws if a change was made by hand at a wrong version
 * ```
 * @public
 */
export function validateHistory(
  aggregate: Pick<AggregateRoot, 'aggregateName' | 'aggregateId' | 'aggregateVersion'>,
  events: readonly Event[],
  options?: ValidateHistoryOptions,
): void {
  if (events.length === 0) return
  const check = new HistoryCheck(aggregate, options)
  for (let i = 0; i < events.length; i++) check.next(events[i]!)
}

/**
 * {@link validateHistory} one event at a time, for histories that arrive as a stream: the
 * repository checks each fetched event as the store hands it over, instead of walking the
 * whole history again once it is read. The events checked so far are the history; the
 * aggregate must not move on while it is checked (its version is read once, at the start).
 *
 * @internal
 */
export class HistoryCheck {
  readonly #aggregate: AggregateRef
  readonly #contiguous: boolean
  #version: number
  // The previous event, not its time: its bigint is read only to compare, and only once
  // there is a previous event.
  #last: Event | undefined

  constructor(
    aggregate: Pick<AggregateRoot, 'aggregateName' | 'aggregateId' | 'aggregateVersion'>,
    options?: ValidateHistoryOptions,
  ) {
    const version = aggregate.aggregateVersion
    this.#aggregate = { name: aggregate.aggregateName, id: aggregate.aggregateId, version }
    this.#contiguous = options?.contiguous !== false
    this.#version = version
  }

  /** The version of the last event checked (the aggregate's version before the first). */
  get version(): number {
    return this.#version
  }

  /** Throws an {@link AggregateConsistencyError} unless `e` can follow the events checked so far. */
  next(e: Event): void {
    const agg = this.#aggregate
    const ref = e.aggregate
    const prev = this.#version
    // One comparison each on the happy path; the reasons are worked out only on failure.
    if (ref === undefined || ref.name !== agg.name || ref.id !== agg.id) this.#wrongAggregate(e)
    const v = ref!.version
    if (v !== prev + 1 && (this.#contiguous || !(v > prev))) this.#wrongVersion(e, v)
    const last = this.#last
    if (last !== undefined && e.timeNano <= last.timeNano) {
      fail(
        'time',
        e,
        agg,
        `has time ${e.timeNano} ns, not after ${last.timeNano} ns of the event before it`,
        'The events of an aggregate must be created in order; next() gives each one a later time.',
      )
    }
    this.#version = v
    this.#last = e
  }

  #wrongAggregate(e: Event): never {
    const agg = this.#aggregate
    const ref = e.aggregate
    if (ref === undefined || ref.name !== agg.name) {
      const got = ref === undefined ? 'no aggregate' : `aggregate name ${describe(ref.name)}`
      fail('name', e, agg, `has ${got}`, 'Create its events with next() on the aggregate itself.')
    }
    fail('id', e, agg, `has aggregate id ${describe(ref.id)}`, 'Create its events with next() on the aggregate itself.')
  }

  #wrongVersion(e: Event, v: number): never {
    const agg = this.#aggregate
    const prev = this.#version
    const first = this.#last === undefined
    if (!(v > prev)) {
      const why = first
        ? `not above the aggregate's version ${agg.version}`
        : `not above version ${prev} of the event before it`
      fail('version', e, agg, `has version ${v}, ${why}`, FIX_VERSION)
    }
    const after = first ? `the aggregate's version ${agg.version}` : `version ${prev} of the event before it`
    fail('version', e, agg, `has version ${v}, but ${prev + 1} must follow ${after} (no gaps)`, FIX_VERSION)
  }
}

const FIX_VERSION =
  'Another writer may have saved the aggregate first: fetch it again and retry (Repository.use retries for you); ' +
  'create events with next(), which numbers them.'

function fail(kind: ConsistencyKind, event: Event, aggregate: AggregateRef, problem: string, fix: string): never {
  throw new AggregateConsistencyError(
    kind,
    event,
    { name: aggregate.name, id: aggregate.id, version: aggregate.version },
    `Event ${describe(event.name)} cannot be part of aggregate "${aggregate.name}" ${aggregate.id} (version ${aggregate.version}): it ${problem}. ${fix}`,
  )
}
