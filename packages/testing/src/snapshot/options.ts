import type { SnapshotStore } from '@goes/core'
import type { SuiteOptions } from '../case.js'

/**
 * Options of the snapshot store suite.
 *
 * @example
 * ```ts
 * runSnapshotStoreSuite('mongo snapshots', factory, { concurrency: 8, cleanup: (s) => s.drop() })
 * ```
 * @public
 */
export interface SnapshotStoreSuiteOptions extends SuiteOptions<SnapshotStore> {
  /** Parallel saves of the concurrency cases (default 24, at least 4). */
  readonly concurrency?: number
}

/** Options with every default applied. @internal */
export interface SnapshotOptions extends SnapshotStoreSuiteOptions {
  readonly concurrency: number
}

/** Applies the defaults. @internal */
export function resolveSnapshotOptions(o: SnapshotStoreSuiteOptions = {}): SnapshotOptions {
  return { ...o, concurrency: Math.max(4, o.concurrency ?? 24) }
}
