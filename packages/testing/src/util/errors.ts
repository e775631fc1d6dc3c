import assert from 'node:assert/strict'
import { type ErrorCode, isConsistencyError, isGoesError, isNotFoundError } from '@goes/core'

/** Describes a caught value for a failure message: its code, name and message. @internal */
export function describeError(err: unknown): string {
  if (err instanceof Error || (typeof err === 'object' && err !== null)) {
    const e = err as { name?: unknown; code?: unknown; message?: unknown }
    const code = e.code === undefined ? '' : ` code=${String(e.code)}`
    return `${String(e.name ?? 'object')}${code}: ${String(e.message ?? '')}`
  }
  return `a thrown ${typeof err} ${String(err)}`
}

/**
 * Runs `action` and asserts that it rejects (or throws) a goes error with `code`. For
 * `CONSISTENCY` and `NOT_FOUND` the structural guards decide, so backends may raise their own
 * error classes. Returns the error.
 *
 * @internal
 */
export async function rejectsWithCode(
  action: () => Promise<unknown> | unknown,
  code: ErrorCode,
  what: string,
): Promise<unknown> {
  let outcome: { ok: true } | { ok: false; err: unknown }
  try {
    await action()
    outcome = { ok: true }
  } catch (err) {
    outcome = { ok: false, err }
  }
  if (outcome.ok) assert.fail(`${what}: expected a rejection with code ${code}, but it resolved.`)
  const err = outcome.err
  const matches =
    code === 'CONSISTENCY'
      ? isConsistencyError(err)
      : code === 'NOT_FOUND'
        ? isNotFoundError(err)
        : isGoesError(err, code)
  assert.ok(matches, `${what}: expected a goes error with code ${code}, got ${describeError(err)}.`)
  return err
}

/** Asserts that `err` is a goes error with one of `codes`. @internal */
export function assertCode(err: unknown, codes: readonly ErrorCode[], what: string): void {
  const ok = codes.some((c) => (c === 'CONSISTENCY' ? isConsistencyError(err) : isGoesError(err, c)))
  assert.ok(ok, `${what}: expected a goes error with code ${codes.join(' or ')}, got ${describeError(err)}.`)
}
