import assert from 'node:assert/strict'
import { type Snapshot, type SnapshotStore, uuid } from '@goes/core'
import { describeError } from '../util/errors.js'
import { dataDiff } from '../util/events.js'

/** A snapshot of `version` with a small state naming it; fields may be overridden. @internal */
export function snap(aggregateName: string, aggregateId: string, version: number, state?: unknown): Snapshot {
  return {
    aggregateName,
    aggregateId,
    version,
    // Whole milliseconds apart and not "now", so a store that swaps times is caught.
    time: new Date(1_700_000_000_000 + (version % 1_000_000) * 1_001),
    state: state === undefined ? { version, items: [`item ${version}`], nested: { v: version } } : state,
  }
}

/** A fresh aggregate address. @internal */
export function newAggregate(name = 'test.snapshotted'): { name: string; id: string } {
  return { name, id: uuid() }
}

/** Calls `latest` and turns a rejection into a readable assertion failure. @internal */
export async function latestOf(
  store: SnapshotStore,
  name: string,
  id: string,
  what: string,
  maxVersion?: number,
): Promise<Snapshot | undefined> {
  const call = `latest(${name}, ${id}${maxVersion === undefined ? '' : `, { maxVersion: ${maxVersion} }`})`
  let got: unknown
  try {
    got = await store.latest(name, id, maxVersion === undefined ? {} : { maxVersion })
  } catch (err) {
    assert.fail(`${what}: ${call} rejected: ${describeError(err)}`)
  }
  if (got !== undefined && (typeof got !== 'object' || got === null)) {
    assert.fail(
      `${what}: ${call} must resolve with a snapshot or undefined, got ${got === null ? 'null' : typeof got}.`,
    )
  }
  return got as Snapshot | undefined
}

/**
 * Asserts that `got` is a snapshot equal to `want`: the same aggregate, version, time (to the
 * millisecond) and structurally equal state (prototypes aside: a decoded state is plain data).
 *
 * @internal
 */
export function assertSameSnapshot(got: Snapshot | undefined, want: Snapshot, what: string): void {
  assert.ok(
    got !== undefined && got !== null,
    `${what}: expected the snapshot at version ${want.version}, got ${got === null ? 'null' : 'undefined'}.`,
  )
  assert.equal(got.aggregateName, want.aggregateName, `${what}: aggregate name`)
  assert.equal(got.aggregateId, want.aggregateId, `${what}: aggregate id`)
  assert.equal(got.version, want.version, `${what}: expected version ${want.version}, got ${got.version}`)
  assert.ok(got.time instanceof Date, `${what}: time must be a Date, got ${typeof got.time}`)
  assert.equal(got.time.getTime(), want.time.getTime(), `${what}: time must round-trip to the millisecond`)
  const diff = dataDiff(got.state, want.state)
  if (diff !== undefined) assert.fail(`${what}: the state must round-trip deeply equal; it differs at ${diff}`)
}

/** Asserts that `latest` finds nothing (`undefined`, the contract's answer for "no snapshot"). @internal */
export async function expectNone(
  store: SnapshotStore,
  name: string,
  id: string,
  what: string,
  maxVersion?: number,
): Promise<void> {
  const got = await latestOf(store, name, id, what, maxVersion)
  if (got === undefined) return
  assert.fail(
    `${what}: expected no snapshot (undefined), got ${got === null ? 'null' : `the one at version ${got.version}`}.`,
  )
}

/** Asserts that exactly the `versions` of the aggregate are stored, probing with `maxVersion`. @internal */
export async function expectVersions(
  store: SnapshotStore,
  name: string,
  id: string,
  versions: readonly number[],
  upTo: number,
  what: string,
): Promise<void> {
  const stored = new Set(versions)
  let below: number | undefined
  for (let v = 1; v <= upTo; v++) {
    if (stored.has(v)) below = v
    const got = await latestOf(store, name, id, what, v)
    const have = got?.version
    assert.equal(
      have,
      below,
      `${what}: latest with maxVersion ${v} should be ${below === undefined ? 'undefined' : `version ${below}`}, got ${have === undefined ? 'undefined' : `version ${have}`} (expected stored versions: ${versions.join(', ') || 'none'})`,
    )
  }
}
