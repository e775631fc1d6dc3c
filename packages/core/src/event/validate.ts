import { GoesError } from '../errors/errors.js'
import { assertUUID, describe } from '../uuid/uuid.js'
import type { AggregateRef } from './event.js'

/** Longest name goes accepts for events, aggregates and commands. @public */
export const MAX_NAME_LENGTH = 256

/**
 * Throws `INVALID_NAME` unless `name` is a usable name: a non-empty string of at most
 * {@link MAX_NAME_LENGTH} characters without control characters or leading/trailing spaces.
 * `*` alone is reserved for wildcard subscriptions.
 *
 * @param what - names the value in the message, e.g. `'event name'`.
 * @public
 */
export function assertName(name: unknown, what: string): asserts name is string {
  let problem: string | undefined
  if (typeof name !== 'string') problem = `must be a string, got ${describe(name)}`
  else if (name.length === 0) problem = 'is empty'
  else if (name.length > MAX_NAME_LENGTH) problem = `is ${name.length} characters long (at most ${MAX_NAME_LENGTH})`
  else if (name === '*') problem = 'is "*", which is reserved for wildcard subscriptions'
  else if (name.trim() !== name) problem = `${describe(name)} has leading or trailing white space`
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  else if (/[\u0000-\u001f\u007f]/.test(name)) problem = `${describe(name)} contains a control character`
  if (problem !== undefined) {
    throw new GoesError(
      'INVALID_NAME',
      `The ${what} ${problem}. Use a non-empty, printable name such as "todo.task_added".`,
    )
  }
}

/**
 * Throws `INVALID_VERSION` unless `version` is an integer ≥ 1 (the first event of an aggregate
 * has version 1).
 *
 * @public
 */
export function assertVersion(version: unknown, what: string): asserts version is number {
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw new GoesError(
      'INVALID_VERSION',
      `The ${what} must be an integer ≥ 1, got ${describe(version)}. The first event of an aggregate has version 1.`,
    )
  }
}

/** Throws a typed error unless `ref` is a valid aggregate reference. @public */
export function assertAggregateRef(ref: unknown, what = 'aggregate'): asserts ref is AggregateRef {
  if (typeof ref !== 'object' || ref === null) {
    throw new GoesError('INVALID_EVENT', `The ${what} must be an object { name, id, version }, got ${describe(ref)}.`)
  }
  const r = ref as Partial<AggregateRef>
  assertName(r.name, `${what} name`)
  assertUUID(r.id, `${what} id`)
  assertVersion(r.version, `${what} version`)
}
