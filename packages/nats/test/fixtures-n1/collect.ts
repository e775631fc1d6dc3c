// Reading helpers for N1's tests: collect a subscription's events and errors in the background.
import type { BusError, Event, Subscription } from '@goes/core'

export interface Collector {
  readonly events: Event[]
  readonly errors: BusError[]
  /** Resolves once `n` events arrived; rejects after `ms` without reaching it. */
  waitFor(n: number, ms?: number): Promise<Event[]>
  /** Resolves once `n` errors arrived. */
  waitForErrors(n: number, ms?: number): Promise<BusError[]>
}

export function collect(sub: Subscription): Collector {
  const events: Event[] = []
  const errors: BusError[] = []
  void (async () => {
    for await (const e of sub) events.push(e)
  })()
  void (async () => {
    for await (const e of sub.errors) errors.push(e)
  })()
  const until = async <T>(list: T[], n: number, ms: number, what: string): Promise<T[]> => {
    const end = Date.now() + ms
    while (list.length < n) {
      if (Date.now() > end) throw new Error(`timed out: ${list.length} of ${n} ${what}`)
      await new Promise((r) => setTimeout(r, 5))
    }
    return list
  }
  return {
    events,
    errors,
    waitFor: (n, ms = 10_000) => until(events, n, ms, 'events'),
    waitForErrors: (n, ms = 10_000) => until(errors, n, ms, 'errors'),
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
