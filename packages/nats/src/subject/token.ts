// The default subject function: an event name as ONE subject token, reversibly. NATS splits
// subjects at `.`, treats `*` and `>` tokens as wildcards and rejects white space, so a name
// like `orders.>` used as is would widen a subscription, and `a b` would fail to publish.
//
//   A–Z a–z 0–9 _ -   kept as they are
//   .                 becomes :        (todo.task_added → todo:task_added)
//   anything else     becomes %XX per UTF-8 byte, upper-case hex (space → %20, * → %2A,
//                     > → %3E, : → %3A, % → %25, é → %C3%A9)
//
// Every encoded name is a non-empty token of `A–Z a–z 0–9 _ - : %` only: never a wildcard,
// never two tokens, valid on every NATS server. decodeSubjectToken reverses it exactly.

import { GoesError } from '@goes/core'

const KEEP = /^[A-Za-z0-9_-]*$/
const HEX = '0123456789ABCDEF'
const utf8 = new TextEncoder()
const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Encodes an event name as a single NATS subject token (the default subject function): letters,
 * digits, `_` and `-` stay, `.` becomes `:`, every other character becomes `%XX` per UTF-8 byte.
 * The result can neither be a wildcard nor span two tokens. Reversed by {@link decodeSubjectToken}.
 *
 * @example
 * ```ts
 * encodeSubjectToken('todo.task_added') // 'todo:task_added'
 * encodeSubjectToken('orders.>')        // 'orders:%3E'
 * encodeSubjectToken('a b')             // 'a%20b'
 * ```
 * @public
 */
export function encodeSubjectToken(name: string): string {
  if (KEEP.test(name)) return name
  let out = ''
  let start = 0
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i)
    if (isKept(c)) continue
    out += name.slice(start, i)
    if (c === 0x2e) out += ':'
    else {
      // One code point (a surrogate pair counts as one) as its UTF-8 bytes.
      const cp = name.codePointAt(i)!
      const ch = String.fromCodePoint(cp)
      for (const b of utf8.encode(ch)) out += `%${HEX[b >> 4]}${HEX[b & 15]}`
      i += ch.length - 1
    }
    start = i + 1
  }
  return out + name.slice(start)
}

/**
 * Decodes a token made by {@link encodeSubjectToken} back into the event name. Throws
 * `MALFORMED_MESSAGE` for a token it could not have made (so every name has exactly one token).
 *
 * @example
 * ```ts
 * decodeSubjectToken('orders:%3E') // 'orders.>'
 * ```
 * @public
 */
export function decodeSubjectToken(token: string): string {
  if (KEEP.test(token)) {
    if (token.length === 0) malformedToken(token, 'it is empty')
    return token
  }
  let out = ''
  let bytes: number[] = []
  const flush = () => {
    if (bytes.length === 0) return
    try {
      out += strictUtf8.decode(Uint8Array.from(bytes))
    } catch {
      malformedToken(token, 'its %XX escapes are not UTF-8')
    }
    bytes = []
  }
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i)
    if (c === 0x25) {
      const hex = token.slice(i + 1, i + 3)
      if (!/^[0-9A-F]{2}$/.test(hex)) malformedToken(token, `"%${hex}" is not an upper-case %XX escape`)
      bytes.push(Number.parseInt(hex, 16))
      i += 2
      continue
    }
    flush()
    if (c === 0x3a) out += '.'
    else if (isKept(c)) out += token[i]
    else malformedToken(token, `it contains ${JSON.stringify(token[i])}`)
  }
  flush()
  if (encodeSubjectToken(out) !== token) malformedToken(token, 'it is not the canonical encoding of a name')
  return out
}

function isKept(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2d
}

function malformedToken(token: string, why: string): never {
  throw new GoesError(
    'MALFORMED_MESSAGE',
    `The subject token ${JSON.stringify(token)} is not an encoded event name: ${why}. Publish through a goes bus, or encode names with encodeSubjectToken().`,
  )
}
