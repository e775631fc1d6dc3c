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
  const name = aggregate.aggregateName
  const id = aggregate.aggregateId
  const base = aggregate.aggregateVersion
  const contiguous = options?.contiguous !== false
  let prevVersion = base
  let prevTime: bigint | undefined
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!
    const ref = e.aggregate
    if (ref === undefined || ref.name !== name) {
      const got = ref === undefined ? 'no aggregate' : `aggregate name ${describe(ref.name)}`
      fail('name', e, aggregate, `has ${got}`, 'Create its events with next() on the aggregate itself.')
    }
    if (ref.id !== id) {
      fail(
        'id',
        e,
        aggregate,
        `has aggregate id ${describe(ref.id)}`,
        'Create its events with next() on the aggregate itself.',
      )
    }
    const v = ref.version
    if (v <= prevVersion) {
      const why =
        i === 0
          ? `not above the aggregate's version ${base}`
          : `not above version ${prevVersion} of the event before it`
      fail('version', e, aggregate, `has version ${v}, ${why}`, FIX_VERSION)
    }
    if (contiguous && v !== prevVersion + 1) {
      const after = i === 0 ? `the aggregate's version ${base}` : `version ${prevVersion} of the event before it`
      fail(
        'version',
        e,
        aggregate,
        `has version ${v}, but ${prevVersion + 1} must follow ${after} (no gaps)`,
        FIX_VERSION,
      )
    }
    if (prevTime !== undefined && e.timeNano <= prevTime) {
      fail(
        'time',
        e,
        aggregate,
        `has time ${e.timeNano} ns, not after ${prevTime} ns of the event before it`,
        'The events of an aggregate must be created in order; next() gives each one a later time.',
      )
    }
    prevVersion = v
    prevTime = e.timeNano
  }
}

const FIX_VERSION =
  'Another writer may have saved the aggregate first: fetch it again and retry (Repository.use retries for you); ' +
  'create events with next(), which numbers them.'

function fail(
  kind: ConsistencyKind,
  event: Event,
  aggregate: Pick<AggregateRoot, 'aggregateName' | 'aggregateId' | 'aggregateVersion'>,
  problem: string,
  fix: string,
): never {
  const ref: AggregateRef = {
    name: aggregate.aggregateName,
    id: aggregate.aggregateId,
    version: aggregate.aggregateVersion,
  }
  throw new AggregateConsistencyError(
    kind,
    event,
    ref,
    `Event ${describe(event.name)} cannot be part of aggregate "${ref.name}" ${ref.id} (version ${ref.version}): it ${problem}. ${fix}`,
  )
}
