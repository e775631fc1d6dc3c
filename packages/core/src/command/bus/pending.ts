import type { Command, ExecutionReport } from '../types.js'

/** Where a dispatch stands. @internal */
export const DISPATCHED = 0
/** @internal */
export const ASSIGNED = 1
/** @internal */
export const ACCEPTED = 2

/** One dispatch waiting for its answers. @internal */
export interface Pending {
  readonly command: ExecutionReport['command']
  readonly sync: boolean
  state: number
  readonly resolve: (report: ExecutionReport) => void
  readonly reject: (err: unknown) => void
  assignTimer: ReturnType<typeof setTimeout> | undefined
  timeoutTimer: ReturnType<typeof setTimeout> | undefined
  signal: AbortSignal | undefined
  onAbort: (() => void) | undefined
}

/** The part of a command an execution report names. @internal */
export function reportCommand(command: Command): ExecutionReport['command'] {
  return command.aggregate === undefined
    ? { id: command.id, name: command.name }
    : { id: command.id, name: command.name, aggregate: command.aggregate }
}

/** Stops the timers and the abort listener of a dispatch that is settling. @internal */
export function release(p: Pending): void {
  if (p.assignTimer !== undefined) clearTimeout(p.assignTimer)
  if (p.timeoutTimer !== undefined) clearTimeout(p.timeoutTimer)
  if (p.onAbort !== undefined) p.signal?.removeEventListener('abort', p.onAbort)
  p.assignTimer = undefined
  p.timeoutTimer = undefined
  p.onAbort = undefined
}

/**
 * Ids of recently settled dispatches, so that late answers to them (the requests of handler
 * instances that lost the race, the "executed" of an asynchronous dispatch, answers after a
 * timeout) are ignored quietly, while an answer to a command this dispatcher never sent is
 * reported. Bounded: the oldest ids are forgotten first.
 *
 * @internal
 */
export class RecentIds {
  readonly #ids = new Set<string>()
  // Insertion order in a ring: evicting the oldest through the Set's own iterator would walk
  // over every deleted slot at its head, which V8 keeps until it rehashes.
  readonly #ring: (string | undefined)[]
  #next = 0

  constructor(max: number) {
    this.#ring = new Array(max)
  }

  add(id: string): void {
    const old = this.#ring[this.#next]
    if (old !== undefined) this.#ids.delete(old)
    this.#ring[this.#next] = id
    this.#next = (this.#next + 1) % this.#ring.length
    this.#ids.add(id)
  }

  has(id: string): boolean {
    return this.#ids.has(id)
  }

  /** Forgets `id` (its ring slot stays and is skipped when reused). */
  delete(id: string): void {
    this.#ids.delete(id)
  }
}
