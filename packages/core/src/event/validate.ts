import { GoesError } from '../errors/errors.js'
import { formatValue } from '../errors/format.js'
import { assertUUID, isUUID, NIL_UUID } from '../uuid/uuid.js'
import type { AggregateRef } from './event.js'

/** Longest name goes accepts for events, aggregates and commands. @public */
export const MAX_NAME_LENGTH = 256

// Names that passed assertName. Applications use a few hundred names over and over, and the
// checks below cost two regular expressions and a trim each time. Bounded: a flood of distinct
// names just starts it over.
const MAX_VALID_NAMES = 4096
const validNames = new Set<string>()

/**
 * Throws `INVALID_NAME` unless `name` is a usable name: a non-empty string of at most
 * {@link MAX_NAME_LENGTH} characters without control characters or leading/trailing spaces.
 * `*` alone is reserved for wildcard subscriptions.
 *
 * @param what - names the value in the message, e.g. `'event name'`.
 * @public
 */
export function assertName(name: unknown, what: string): asserts name is string {
  if (typeof name === 'string' && validNames.has(name)) return
  let problem: string | undefined
  if (typeof name !== 'string') problem = `must be a string, got ${formatValue(name)}`
  else if (name.length === 0) problem = 'is empty'
  else if (name.length > MAX_NAME_LENGTH) problem = `is ${name.length} characters long (at most ${MAX_NAME_LENGTH})`
  else if (name === '*') problem = 'is "*", which is reserved for wildcard subscriptions'
  else if (name.trim() !== name) problem = `${formatValue(name)} has leading or trailing white space`
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  else if (/[\u0000-\u001f\u007f]/.test(name)) problem = `${formatValue(name)} contains a control character`
  if (problem !== undefined) {
    throw new GoesError(
      'INVALID_NAME',
      `The ${what} ${problem}. Use a non-empty, printable name such as "todo.task_added".`,
    )
  }
  if (validNames.size >= MAX_VALID_NAMES) validNames.clear()
  validNames.add(name as string)
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
      `The ${what} must be an integer ≥ 1, got ${formatValue(version)}. The first event of an aggregate has version 1.`,
    )
  }
}

// The last aggregate id that passed: an aggregate's events come one after another, and a
// string compare is cheaper than checking 36 characters again.
let lastAggregateId: string | undefined

/** Throws a typed error unless `ref` is a valid aggregate reference. @public */
export function assertAggregateRef(ref: unknown, what = 'aggregate'): asserts ref is AggregateRef {
  checkAggregateRef(ref, what, '')
}

/**
 * {@link assertAggregateRef} for the aggregate of an event: messages name the field and the
 * event, as in `aggregate id of event "todo.added"`.
 *
 * @internal
 */
export function assertEventAggregate(ref: unknown, eventName: unknown): asserts ref is AggregateRef {
  // The labels name the event, and building them for every valid event cost more than the
  // checks: check first, and build them only to explain a problem.
  if (isValidAggregateRef(ref)) return
  checkAggregateRef(ref, 'aggregate', ` of event ${formatValue(eventName)}`)
}

/** True only if checkAggregateRef would pass; false also for a valid name not seen before. */
function isValidAggregateRef(ref: unknown): boolean {
  if (typeof ref !== 'object' || ref === null) return false
  const r = ref as Partial<AggregateRef>
  if (typeof r.name !== 'string' || !validNames.has(r.name)) return false
  if (lastAggregateId === undefined || r.id !== lastAggregateId) {
    if (!isUUID(r.id) || r.id === NIL_UUID) return false
    lastAggregateId = r.id
  }
  const v = r.version
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 1
}

function checkAggregateRef(ref: unknown, what: string, of: string): asserts ref is AggregateRef {
  if (typeof ref !== 'object' || ref === null) {
    throw new GoesError(
      'INVALID_EVENT',
      `The ${what}${of} must be an object { name, id, version }, got ${formatValue(ref)}.`,
    )
  }
  const r = ref as Partial<AggregateRef>
  assertName(r.name, `${what} name${of}`)
  if (lastAggregateId === undefined || r.id !== lastAggregateId) {
    assertUUID(r.id, `${what} id${of}`)
    lastAggregateId = r.id
  }
  assertVersion(r.version, `${what} version${of}`)
}
