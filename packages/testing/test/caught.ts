// Helpers of the FND-2 self-tests: run conformance cases directly and check their outcome.
import assert from 'node:assert/strict'
import type { TestCase } from '../src/index.js'

export function byId(cases: readonly TestCase[]): Map<string, TestCase> {
  return new Map(cases.map((c) => [c.id, c]))
}

async function failureOf(c: TestCase): Promise<unknown> {
  try {
    await c.run()
  } catch (err) {
    return err
  }
  return undefined
}

/** Each case must fail, and by an assertion — not by a crash or an unexpected error. */
export async function expectCaught(cases: Map<string, TestCase>, ids: readonly string[], bug: string): Promise<void> {
  for (const id of ids) {
    const c = cases.get(id)
    assert.ok(c !== undefined, `no case ${id}`)
    const err = await failureOf(c)
    assert.ok(err !== undefined, `${bug}: case ${id} passed, but should have caught the bug`)
    assert.ok(
      err instanceof assert.AssertionError,
      `${bug}: case ${id} failed, but not by an assertion: ${String(err)}`,
    )
  }
}

/** Each case must pass (the control). */
export async function expectPass(cases: Map<string, TestCase>, ids: readonly string[], what: string): Promise<void> {
  for (const id of ids) {
    const c = cases.get(id)
    assert.ok(c !== undefined, `no case ${id}`)
    const err = await failureOf(c)
    assert.equal(err, undefined, `${what}: case ${id} should pass, but failed: ${String(err)}`)
  }
}
