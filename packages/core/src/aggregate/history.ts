import { formatValue } from '../errors/format.js'
import type { AggregateRef, Event } from '../event/event.js'
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
 * The repository runs it on `aggregate.changes` before inserting them and — event by event, as
 * the store hands them over — on fetched events before applying them. Call it while
 * `aggregateVersion` is still the version the events must follow. An empty list is valid.
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
  const check = startHistoryCheck(aggregate, options)
  for (let i = 0; i < events.length; i++) checkNext(check, events[i]!)
}

/**
 * The state of {@link validateHistory} checking one event at a time ({@link checkNext}), for
 * histories that arrive as a stream: the repository checks each fetched event as the store
 * hands it over instead of walking the whole history again once it is read.
 *
 * Plain data from an object literal, not a class instance, on purpose: a class instance per
 * fetch gives the optimized checking code an object shape that dies with the last instance,
 * so every full garbage collection threw that code away and the next fetches ran slow.
 *
 * @internal
 */
export interface HistoryCheck {
  readonly name: string
  readonly id: string
  /** The aggregate's version when the check started. */
  readonly base: number
  readonly contiguous: boolean
  /** The version of the last event checked (`base` before the first). */
  version: number
  /** The last event checked; a reference, so its bigint time is read only to compare. */
  last: Event | undefined
}

/** Starts checking events that must follow the current state of `aggregate`. @internal */
export function startHistoryCheck(
  aggregate: Pick<AggregateRoot, 'aggregateName' | 'aggregateId' | 'aggregateVersion'>,
  options?: ValidateHistoryOptions,
): HistoryCheck {
  const base = aggregate.aggregateVersion
  return {
    name: aggregate.aggregateName,
    id: aggregate.aggregateId,
    base,
    contiguous: options?.contiguous !== false,
    version: base,
    last: undefined,
  }
}

/**
 * Throws an {@link AggregateConsistencyError} unless `e` can follow the events checked so far;
 * records it as the last one otherwise.
 *
 * @internal
 */
export function checkNext(c: HistoryCheck, e: Event): void {
  const ref = e.aggregate
  // One comparison per rule on the happy path; what went wrong is worked out on failure only.
  if (ref === undefined || ref.name !== c.name || ref.id !== c.id) wrongAggregate(c, e)
  const v = ref.version
  if (v !== c.version + 1 && (c.contiguous || !(v > c.version))) wrongVersion(c, e, v)
  const last = c.last
  if (last !== undefined && e.timeNano <= last.timeNano) {
    fail(
      'time',
      e,
      c,
      `has time ${e.timeNano} ns, not after ${last.timeNano} ns of the event before it`,
      'The events of an aggregate must be created in order; next() gives each one a later time.',
    )
  }
  c.version = v
  c.last = e
}

function wrongAggregate(c: HistoryCheck, e: Event): never {
  const ref = e.aggregate
  if (ref === undefined || ref.name !== c.name) {
    const got = ref === undefined ? 'no aggregate' : `aggregate name ${formatValue(ref.name)}`
    fail('name', e, c, `has ${got}`, 'Create its events with next() on the aggregate itself.')
  }
  fail('id', e, c, `has aggregate id ${formatValue(ref.id)}`, 'Create its events with next() on the aggregate itself.')
}

function wrongVersion(c: HistoryCheck, e: Event, v: number): never {
  const prev = c.version
  const first = c.last === undefined
  if (!(v > prev)) {
    const why = first
      ? `not above the aggregate's version ${c.base}`
      : `not above version ${prev} of the event before it`
    fail('version', e, c, `has version ${v}, ${why}`, FIX_VERSION)
  }
  const after = first ? `the aggregate's version ${c.base}` : `version ${prev} of the event before it`
  fail('version', e, c, `has version ${v}, but ${prev + 1} must follow ${after} (no gaps)`, FIX_VERSION)
}

const FIX_VERSION =
  'Another writer may have saved the aggregate first: fetch it again and retry (Repository.use retries for you); ' +
  'create events with next(), which numbers them.'

function fail(kind: ConsistencyKind, event: Event, c: HistoryCheck, problem: string, fix: string): never {
  const aggregate: AggregateRef = { name: c.name, id: c.id, version: c.base }
  throw new AggregateConsistencyError(
    kind,
    event,
    aggregate,
    `Event ${formatValue(event.name)} cannot be part of aggregate "${c.name}" ${c.id} (version ${c.base}): it ${problem}. ${fix}`,
  )
}
