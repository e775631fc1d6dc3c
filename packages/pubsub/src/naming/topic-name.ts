// Event names → Pub/Sub topic ids. A topic id is 3–255 characters of [A-Za-z0-9-_.~+%], starts
// with a letter and does not start with "goog"; an event name is any printable text of up to
// 256 characters. The encoding keeps A–Z a–z 0–9 - _ . + as they are and writes every other
// character as the percent-encoded bytes of its UTF-8 form (%2F, %C3%A9, …), after a prefix
// that starts with a letter. "~" never appears in an encoded name: it marks ids that had to be
// shortened (see fitId), and the bus's own topics and subscriptions (`<prefix>~all`, …).
import { createHash } from 'node:crypto'
import { assertName, GoesError } from '@goes/core'

/**
 * The prefix of every topic and subscription the bus creates, unless given another.
 *
 * @example
 * ```ts
 * topicName('todo.task_added') === `${DEFAULT_PREFIX}todo.task_added` // true
 * ```
 * @public
 */
export const DEFAULT_PREFIX = 'goes.'

/** The longest topic or subscription id Pub/Sub accepts. */
export const MAX_ID_LENGTH = 255

const KEEP = /^[A-Za-z0-9\-_.+]$/
const ID = /^[A-Za-z][A-Za-z0-9\-_.~+%]{2,254}$/
const PREFIX = /^[A-Za-z][A-Za-z0-9\-_.+]{1,99}$/
const HASHED = /~[0-9a-f]{16}$/

/** Percent-encodes every character outside A–Z a–z 0–9 - _ . + (UTF-8 bytes, upper-case hex). */
export function encodePart(text: string): string {
  let out = ''
  for (const ch of text) {
    if (KEEP.test(ch)) out += ch
    else for (const byte of new TextEncoder().encode(ch)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/** Reverses {@link encodePart}; undefined for text it cannot have produced. */
export function decodePart(part: string): string | undefined {
  if (!/^([A-Za-z0-9\-_.+]|%[0-9A-F]{2})*$/.test(part)) return undefined
  try {
    const text = decodeURIComponent(part)
    return encodePart(text) === part ? text : undefined
  } catch {
    return undefined
  }
}

/** 16 hex digits of the SHA-256 of `text`: tells shortened ids apart. */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16)
}

/** `id` itself when it fits into 255 characters, else its first 238 characters, "~" and a hash of the whole. */
export function fitId(id: string): string {
  if (id.length <= MAX_ID_LENGTH) return id
  return `${id.slice(0, MAX_ID_LENGTH - 17)}~${shortHash(id)}`
}

/** Throws INVALID_OPTION unless `prefix` can start every id the bus makes. @internal */
export function assertPrefix(prefix: unknown): asserts prefix is string {
  if (typeof prefix === 'string' && PREFIX.test(prefix) && !/^goog/i.test(prefix)) return
  throw new GoesError(
    'INVALID_OPTION',
    `The PubSubBus prefix must be 2–100 characters of letters, digits and - _ . +, start with a letter and not with "goog"; got ${JSON.stringify(prefix)}. Example: "goes." (the default) or "shop-prod.".`,
  )
}

/** Throws INVALID_OPTION unless `id` is a valid Pub/Sub topic or subscription id. @internal */
export function assertResourceId(id: unknown, what: string): asserts id is string {
  if (typeof id === 'string' && ID.test(id) && !/^goog/i.test(id)) return
  throw new GoesError(
    'INVALID_OPTION',
    `${what} is not a valid Pub/Sub id: ${JSON.stringify(id)}. Ids are 3–255 characters of letters, digits and - _ . ~ + %, start with a letter and do not start with "goog"; topicName() makes one from any event name.`,
  )
}

/**
 * The topic id of an event name: the prefix, then the name with every character outside
 * A–Z a–z 0–9 - _ . + percent-encoded as UTF-8 (`todo.task_added` → `goes.todo.task_added`,
 * `orders/placed` → `goes.orders%2Fplaced`). Reversible with {@link eventNameOfTopic}, except
 * for the rare name whose encoding is longer than 255 characters: that id is shortened and ends
 * in "~" and a hash of the whole (still one topic per name).
 *
 * @example
 * ```ts
 * topicName('café.opened') // 'goes.caf%C3%A9.opened'
 * topicName('todo.task_added', 'shop.') // 'shop.todo.task_added'
 * ```
 * @public
 */
export function topicName(eventName: string, prefix: string = DEFAULT_PREFIX): string {
  assertName(eventName, 'event name')
  assertPrefix(prefix)
  return fitId(prefix + encodePart(eventName))
}

/**
 * The event name a topic id made by {@link topicName} stands for, or `undefined` when the id has
 * another prefix, was shortened, or was not made by `topicName`.
 *
 * @example
 * ```ts
 * eventNameOfTopic('goes.caf%C3%A9.opened') // 'café.opened'
 * ```
 * @public
 */
export function eventNameOfTopic(topicId: string, prefix: string = DEFAULT_PREFIX): string | undefined {
  if (typeof topicId !== 'string' || !topicId.startsWith(prefix) || HASHED.test(topicId)) return undefined
  const name = decodePart(topicId.slice(prefix.length))
  return name !== undefined && name.length > 0 ? name : undefined
}
