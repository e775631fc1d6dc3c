import type { CommandDispatchedMessage } from './protocol.js'

// A handler instance forgets a request it was never answered for after the dispatcher's assign
// timeout, and after 10 minutes at most (a dispatcher that gave up or died never answers).
const MAX_RETENTION_MS = 10 * 60 * 1000

interface Request {
  readonly message: CommandDispatchedMessage
  readonly deadline: number
}

/**
 * The commands a handler instance requested in assign mode and waits to be assigned (or not).
 *
 * Fairness: the dispatcher assigns the FIRST requester, so an instance that still works on
 * earlier commands requests a little later (after a macrotask) — an idle instance elsewhere
 * wins the command, a lone busy one still gets it.
 *
 * @internal
 */
export class Requests {
  readonly #waiting = new Map<string, Request>()
  readonly #send: (m: CommandDispatchedMessage) => void
  #nextSweep = 0

  constructor(send: (m: CommandDispatchedMessage) => void) {
    this.#send = send
  }

  /** Requests the command (at once, or a moment later when `busy`) unless already requested. */
  add(m: CommandDispatchedMessage, busy: boolean): void {
    const id = m.commandId
    if (this.#waiting.has(id)) return // the same dispatch heard twice
    const now = Date.now()
    if (now >= this.#nextSweep) {
      // At most once a second: a sweep walks the map from its oldest entry.
      this.#nextSweep = now + 1000
      this.#sweep(now)
    }
    this.#waiting.set(id, { message: m, deadline: now + Math.min(m.assignTimeoutMs, MAX_RETENTION_MS) })
    if (!busy) this.#send(m)
    else {
      setTimeout(() => {
        if (this.#waiting.has(id)) this.#send(m) // not assigned to another instance meanwhile
      }, 0)
    }
  }

  /** Forgets the request of a command that was assigned, returning it if it was waiting. */
  settle(commandId: string): CommandDispatchedMessage | undefined {
    const r = this.#waiting.get(commandId)
    if (r === undefined) return undefined
    this.#waiting.delete(commandId)
    return r.message
  }

  clear(): void {
    this.#waiting.clear()
  }

  /** Drops expired requests from the oldest on; stops at the first live one (cheap, bounded). */
  #sweep(now: number): void {
    for (const [id, r] of this.#waiting) {
      if (r.deadline > now) return
      this.#waiting.delete(id)
    }
  }
}
