import type { AggregateRoot } from '../aggregate/types.js'
import type { GoesError } from '../errors/errors.js'
import { optionChecks } from '../options/check.js'
import { everyVersions, type SnapshotSchedule } from '../snapshot/schedule.js'
import type { SnapshotStore } from '../snapshot/snapshot.js'
import type { RepositoryHooks, RepositoryOptions } from './types.js'

const check = optionChecks('Repository')

/** The snapshot settings with defaults applied. @internal */
export interface SnapshotSettings {
  readonly store: SnapshotStore
  readonly schedule: SnapshotSchedule | undefined
  readonly keep: number | undefined
  readonly onError: (error: unknown, aggregate: AggregateRoot) => void
}

/** The repository options with defaults applied. @internal */
export interface Settings {
  readonly snapshots: SnapshotSettings | undefined
  readonly hooks: RepositoryHooks
  readonly attempts: number
  readonly backoff: (attempt: number) => number
}

/** Checks the options (`INVALID_OPTION` naming the bad one) and applies the defaults. @internal */
export function resolveOptions(options: RepositoryOptions = {}): Settings {
  if (typeof options !== 'object' || options === null) throw bad('options', options, 'an object')
  const { snapshots, hooks = {}, retry = {} } = options
  for (const name of ['beforeInsert', 'afterInsert'] as const) {
    const h = hooks[name]
    if (h !== undefined && typeof h !== 'function') throw bad(`hooks.${name}`, h, 'a function')
  }
  const attempts = check.integer('retry.attempts', retry.attempts, { fallback: 5 })
  return { snapshots: snapshotSettings(snapshots), hooks, attempts, backoff: backoffOf(retry.backoffMs) }
}

function snapshotSettings(o: RepositoryOptions['snapshots']): SnapshotSettings | undefined {
  if (o === undefined) return undefined
  const store = o.store
  if (typeof store !== 'object' || store === null || typeof store.latest !== 'function') {
    throw bad('snapshots.store', store, 'a SnapshotStore such as new MemorySnapshotStore()')
  }
  let schedule: SnapshotSchedule | undefined
  if (typeof o.every === 'number') schedule = everyVersions(o.every)
  else if (typeof o.every === 'function') schedule = o.every
  else if (o.every !== undefined) throw bad('snapshots.every', o.every, 'a number of versions or a SnapshotSchedule')
  const keep =
    o.keep === undefined
      ? undefined
      : check.integer('snapshots.keep', o.keep, { fix: 'Omit it to keep every snapshot.' })
  const onError = o.onError ?? reportSnapshotError
  if (typeof onError !== 'function') throw bad('snapshots.onError', onError, 'a function')
  return { store, schedule, keep, onError }
}

function backoffOf(b: number | ((attempt: number) => number) | undefined): (attempt: number) => number {
  if (b === undefined) return (attempt) => Math.random() * 5 * 2 ** Math.min(attempt - 2, 10)
  if (typeof b === 'function') return b
  if (typeof b !== 'number' || !(b >= 0) || !Number.isFinite(b)) {
    throw bad('retry.backoffMs', b, 'a number of milliseconds ≥ 0 or a function of the attempt')
  }
  return () => b
}

function reportSnapshotError(error: unknown, aggregate: AggregateRoot): void {
  // The save succeeded; the snapshot is only an optimisation, so report instead of failing.
  console.error(
    `goes: taking a snapshot of aggregate "${aggregate.aggregateName}" ${aggregate.aggregateId} at version ${aggregate.aggregateVersion} failed (the save itself succeeded). Pass snapshots.onError to handle this.`,
    error,
  )
}

function bad(name: string, value: unknown, expected: string): GoesError<'INVALID_OPTION'> {
  return check.invalid(name, value, expected)
}
