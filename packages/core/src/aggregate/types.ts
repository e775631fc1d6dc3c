import type { AggregateRef, Event } from '../event/event.js'

/**
 * What the repository, snapshots and command handlers need of an aggregate. The `Aggregate`
 * base class implements it; any object that does can be saved and fetched.
 *
 * Names are prefixed (`aggregateName`, not `name`) so they never collide with a domain field
 * such as a user's name.
 *
 * @public
 */
export interface AggregateRoot {
  readonly aggregateName: string
  readonly aggregateId: string
  /** Version of the last committed event (0 for a new aggregate). */
  readonly aggregateVersion: number
  /** Events recorded but not yet committed, in order. */
  readonly changes: readonly Event[]
  /**
   * Applies one committed event of the history to the state (used when replaying) and moves
   * `aggregateVersion` to the event's version — the repository checks that it did, and fails
   * the fetch with `INVALID_STATE` otherwise. (`Aggregate` does both for you.)
   */
  apply(event: Event): void
  /** Marks the changes as committed: the version moves to the last change, changes are cleared. */
  commit(): void
  /** Drops uncommitted changes without touching the version (state is NOT rolled back). */
  discard(): void
}

/**
 * An aggregate that can serialise its state into a snapshot and restore it (FEATURES A4).
 *
 * @public
 */
export interface Snapshotter<State = unknown> {
  /** The state to store, as plain data the snapshot codec can encode. */
  snapshot(): State
  /**
   * Restores the state of a snapshot taken at `version`. An `Aggregate` subclass restores only
   * its own state (the repository restores version, tags and soft-delete flag); any other
   * `AggregateRoot` must also move its `aggregateVersion` to `version`.
   */
  restore(state: State, version: number): void
}

/** A function that creates an empty aggregate for an id. @public */
export type AggregateFactory<A extends AggregateRoot = AggregateRoot> = (id: string) => A

/** The reference to an aggregate without a version. @public */
export interface AggregateId {
  readonly name: string
  readonly id: string
}

export type { AggregateRef }
