// What replaying history changes in an aggregate lives in one plain object, not in fields of the
// aggregate: the replay loop then only ever sees that object, the appliers' Map and the events.
// Optimized code that touched the aggregate itself would depend on the shape of the subclass'
// instances — a shape that dies with the last instance of the class, so every full garbage
// collection threw the replay code away and the next fetches replayed at interpreter speed.

import { GoesError } from '../errors/errors.js'
import type { Event } from '../event/event.js'
import type { SoftDeleteRules } from './soft-delete.js'

/** Applies one event to the state of a subclass. @internal */
export type Applier = (event: Event) => void

/**
 * The replay state of one aggregate: how it applies events and what applying them changes.
 * Always made by {@link newReplayState} (one object literal, so one stable shape).
 *
 * @internal
 */
export interface ReplayState {
  readonly name: string
  readonly id: string
  /** Event name → applier; the built-in tag events have theirs too. */
  readonly appliers: Map<string, Applier>
  /** Set once the aggregate declares soft-delete events. */
  softRules: SoftDeleteRules | undefined
  /** The committed version. */
  version: number
  /** The uncommitted changes; commit() and discard() start a new array. */
  changes: Event[]
  /** The last event applied or recorded: next() dates its event after it. */
  last: Event | undefined
  softDeleted: boolean
}

/** A fresh replay state at version 0. @internal */
export function newReplayState(name: string, id: string): ReplayState {
  return {
    name,
    id,
    appliers: new Map(),
    softRules: undefined,
    version: 0,
    changes: [],
    last: undefined,
    softDeleted: false,
  }
}

/** Runs the event's applier (if any), follows the soft-delete rules and remembers the event. @internal */
export function dispatch(s: ReplayState, event: Event): void {
  const name = event.name
  const applier = s.appliers.get(name)
  if (applier !== undefined) applier(event)
  const rules = s.softRules
  if (rules !== undefined) {
    const deleted = rules.get(name)
    if (deleted !== undefined) s.softDeleted = deleted
  }
  s.last = event
}

/**
 * `Aggregate.apply(event)`: refuses while there are uncommitted changes, dispatches the event
 * and moves the version up to the event's.
 *
 * @internal
 */
export function replayOne(s: ReplayState, event: Event): void {
  if (s.changes.length > 0) throw uncommitted(s)
  dispatch(s, event)
  const v = event.aggregate?.version
  if (v !== undefined && v > s.version) s.version = v
}

/**
 * `apply` for each event in order — exactly the same steps, so an applier sees the aggregate
 * as it would with one `apply` call per event (the version of the event before, tags and
 * soft-delete flag up to date).
 *
 * @internal
 */
export function replayAll(s: ReplayState, events: readonly Event[]): void {
  for (let i = 0; i < events.length; i++) replayOne(s, events[i]!)
}

function uncommitted(s: ReplayState): GoesError {
  return new GoesError(
    'INVALID_STATE',
    `Aggregate "${s.name}" ${s.id} has ${s.changes.length} uncommitted change(s), so history cannot be applied to it. Commit or discard them first, or apply history to a fresh aggregate.`,
  )
}
