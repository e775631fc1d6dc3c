import assert from 'node:assert/strict'
import { uuid } from '@goes/core'
import { describeError, rejectsWithCode } from '../util/errors.js'
import { dataDiff } from '../util/events.js'
import type { BoundedRepository } from './harness.js'
import type { TestModel } from './options.js'

/** A fresh model id, unlike any other case's. @internal */
export function newId(prefix = 'model'): string {
  return `${prefix}-${uuid()}`
}

/** A model of `id` with `count` and a few tags; fields may be added. @internal */
export function modelOf(id: string, count: number, extra: Partial<TestModel> = {}): TestModel {
  return { id, count, tags: [`tag ${count}`, 'ü'], ...extra }
}

/** Asserts that `got` is structurally equal to `want`. @internal */
export function assertModel(got: unknown, want: unknown, what: string): void {
  const diff = dataDiff(got, want)
  if (diff !== undefined) assert.fail(`${what}: the model must round-trip deeply equal; it differs at ${diff}`)
}

/** Asserts that `version` is an integer ≥ 0 (what every version must be). @internal */
export function assertVersionNumber(version: unknown, what: string): asserts version is number {
  assert.ok(
    typeof version === 'number' && Number.isSafeInteger(version) && version >= 0,
    `${what}: a version must be an integer ≥ 0, got ${typeof version} ${String(version)}`,
  )
}

/** Asserts that `fetchVersioned(id)` gives `model` at `version`, and `fetch(id)` the same model. @internal */
export async function expectStored(
  repo: BoundedRepository,
  id: string,
  model: TestModel,
  version: number,
  what: string,
): Promise<void> {
  const got = await read(() => repo.fetchVersioned(id), `${what}: fetchVersioned`)
  assert.ok(typeof got === 'object' && got !== null, `${what}: fetchVersioned must resolve with { model, version }`)
  assertModel(got.model, model, `${what}: fetchVersioned`)
  assertVersionNumber(got.version, `${what}: fetchVersioned`)
  assert.equal(got.version, version, `${what}: expected version ${version}, got ${got.version}`)
  assertModel(await read(() => repo.fetch(id), `${what}: fetch`), model, `${what}: fetch`)
}

/** Runs a read that must succeed; a rejection becomes an assertion failure naming it. @internal */
export async function read<T>(call: () => Promise<T>, what: string): Promise<T> {
  try {
    return await call()
  } catch (err) {
    assert.fail(`${what} rejected: ${describeError(err)}`)
  }
}

/** Asserts that nothing is stored under `id` for a repository without a factory. @internal */
export async function expectMissing(repo: BoundedRepository, id: string, what: string): Promise<void> {
  await rejectsWithCode(() => repo.fetch(id), 'NOT_FOUND', `${what}: fetch`)
  await rejectsWithCode(() => repo.fetchVersioned(id), 'NOT_FOUND', `${what}: fetchVersioned`)
}

/** The current version of `id`. @internal */
export async function versionOf(repo: BoundedRepository, id: string, what: string): Promise<number> {
  const { version } = await read(() => repo.fetchVersioned(id), `${what}: fetchVersioned`)
  assertVersionNumber(version, what)
  return version
}

/** Asserts that `next` is above `previous` (versions only increase). @internal */
export function assertIncreased(next: unknown, previous: number, what: string): asserts next is number {
  assertVersionNumber(next, what)
  assert.ok(next > previous, `${what}: the version must increase from ${previous}, got ${next}`)
}

/** A signal that is already aborted. @internal */
export function abortedSignal(): AbortSignal {
  const c = new AbortController()
  c.abort(new Error('test abort'))
  return c.signal
}
