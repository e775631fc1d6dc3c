import type { Event } from '../event/event.js'
import { NIL_UUID } from '../uuid/uuid.js'

// A cheap pre-check for the insert hot path. It accepts only events `assertEvent` accepts, so
// an event it passes needs no full check; anything else goes through `assertEvent`, which
// throws the precise typed error. It saves the name checks (names repeat, so validated names
// are remembered) and the UUID regex (a table lookup per character is about twice as fast).

const HEX = new Uint8Array(128)
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1

const MAX_KNOWN_NAMES = 4096
const knownNames = new Set<string>()

/** Records names `assertEvent` has accepted. Bounded: a flood of distinct names resets it. */
export function rememberNames(event: Event): void {
  if (knownNames.size >= MAX_KNOWN_NAMES) knownNames.clear()
  knownNames.add(event.name)
  if (event.aggregate !== undefined) knownNames.add(event.aggregate.name)
}

/** Same verdict as `isUUID(id) && id !== NIL_UUID`. */
function isIdUUID(id: unknown): boolean {
  if (typeof id !== 'string' || id.length !== 36 || id === NIL_UUID) return false
  for (let i = 0; i < 36; i++) {
    const c = id.charCodeAt(i)
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false
    } else if (c >= 128 || HEX[c] === 0) return false
  }
  return true
}

/**
 * True only for an event `assertEvent` would accept. `lastAggregateId` is an aggregate id that
 * already passed, so events of the same aggregate skip its check.
 */
export function surelyValid(e: unknown, lastAggregateId: string | undefined): boolean {
  if (typeof e !== 'object' || e === null) return false
  const event = e as Event
  if (!knownNames.has(event.name) || typeof event.timeNano !== 'bigint' || !isIdUUID(event.id)) return false
  const a = event.aggregate
  if (a === undefined) return true
  if (typeof a !== 'object' || a === null || !knownNames.has(a.name)) return false
  if (a.id !== lastAggregateId && !isIdUUID(a.id)) return false
  return Number.isSafeInteger(a.version) && a.version >= 1
}
