import type { BusError, Event, Subscription } from '@goes/core'

/** Resolves once `check()` holds; fails with `what` when it has not after `ms`. */
export async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** Reads a subscription's events and errors in the background. */
export class Collector {
  readonly events: Event[] = []
  readonly errors: BusError[] = []
  readonly ended: Promise<void>

  /** With `events: false` only the errors are read (the events are left to another reader). */
  constructor(
    readonly sub: Subscription,
    { events = true }: { events?: boolean } = {},
  ) {
    this.ended = events
      ? (async () => {
          for await (const e of sub) this.events.push(e)
        })()
      : sub.closed
    void (async () => {
      for await (const err of sub.errors) this.errors.push(err)
    })()
  }

  /** Waits until at least `n` events arrived. */
  async events$(n: number, what = `${n} events`): Promise<Event[]> {
    await until(() => this.events.length >= n, `${what} (got ${this.events.length})`)
    return this.events
  }

  /** Waits until at least `n` errors arrived. */
  async errors$(n: number, what = `${n} errors`): Promise<BusError[]> {
    await until(() => this.errors.length >= n, `${what} (got ${this.errors.length})`)
    return this.errors
  }
}

/** Sleeps `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
