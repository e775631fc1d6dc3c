import { GoesError } from '../errors/errors.js'
import { assertUUID, uuid } from '../uuid/uuid.js'
import type { AggregateRef, Event } from './event.js'
import { dateToNano, nanoToDate, nowNano } from './time.js'
import { isTrustedEvent, trustEvent } from './trust.js'
import { assertAggregateRef, assertEventAggregate, assertName } from './validate.js'

/** Options of {@link newEvent}. @public */
export interface NewEventOptions {
  /** The event id; a new UUID v7 by default. */
  id?: string
  /** The event time, as a `Date` or nanoseconds since the epoch; now by default. */
  time?: Date | bigint
  /** The aggregate the event belongs to. */
  aggregate?: AggregateRef
  /**
   * The aggregate's previous event: the new event gets the same aggregate at the next version.
   * Ignored when `aggregate` is given.
   */
  previous?: Pick<Event, 'aggregate'>
}

/**
 * Creates an event. Validates the name, id and aggregate and throws a typed error on bad input
 * (`INVALID_NAME`, `INVALID_UUID`, `NIL_UUID`, `INVALID_VERSION`, `INVALID_TIME`).
 *
 * The event and its aggregate ref are frozen (its `data` is not), and goes remembers that it
 * checked them: stores and buses skip their own validation for it. A copy (`{ ...e }`) is an
 * ordinary event again and gets checked.
 *
 * @example
 * ```ts
 * const added = newEvent('todo.task_added', { title: 'milk' }, {
 *   aggregate: { name: 'todo.list', id: listId, version: 1 },
 * })
 * const removed = newEvent('todo.task_removed', { title: 'milk' }, { previous: added }) // version 2
 * ```
 * @public
 */
export function newEvent<const Name extends string, Data>(
  name: Name,
  data: Data,
  options: NewEventOptions = {},
): Event<Name, Data> {
  assertName(name, 'event name')
  const id = options.id ?? uuid()
  if (options.id !== undefined) assertUUID(id, 'event id')

  let timeNano: bigint
  if (options.time === undefined) timeNano = nowNano()
  else if (typeof options.time === 'bigint') timeNano = options.time
  else if (options.time instanceof Date && !Number.isNaN(options.time.getTime())) timeNano = dateToNano(options.time)
  else
    throw new GoesError(
      'INVALID_TIME',
      'The event time must be a valid Date or a bigint of nanoseconds since the epoch.',
    )

  let aggregate = options.aggregate
  if (aggregate === undefined && options.previous?.aggregate !== undefined) {
    const p = options.previous.aggregate
    aggregate = { name: p.name, id: p.id, version: p.version + 1 }
  }
  if (aggregate !== undefined) {
    assertAggregateRef(aggregate)
    aggregate = { name: aggregate.name, id: aggregate.id, version: aggregate.version }
  }

  return trustEvent<Event<Name, Data>>({ id, name, time: nanoToDate(timeNano), timeNano, data, aggregate })
}

/**
 * Throws a typed error unless `event` is a well-formed event (valid name, non-nil UUID id,
 * bigint time, valid aggregate). Stores call this before inserting. Returns at once for events
 * made by {@link newEvent} or decoded from an envelope: those were checked when made.
 *
 * @public
 */
export function assertEvent(event: unknown): asserts event is Event {
  if (isTrustedEvent(event)) return
  if (typeof event !== 'object' || event === null) {
    throw new GoesError('INVALID_EVENT', 'An event must be an object; create events with newEvent().')
  }
  const e = event as Partial<Event>
  assertName(e.name, 'event name')
  assertUUID(e.id, 'event id')
  if (typeof e.timeNano !== 'bigint') {
    throw new GoesError('INVALID_TIME', `Event "${e.name}" has no bigint timeNano; create events with newEvent().`)
  }
  if (e.aggregate !== undefined) assertEventAggregate(e.aggregate, e.name)
}
