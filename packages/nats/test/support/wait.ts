// Waiting helpers for tests that restart servers.
import type { NatsConnection } from '@nats-io/transport-node'

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * Polls `test` every 20 ms until it holds; rejects naming `what` after `timeoutMs`.
 *
 * @example
 * ```ts
 * await until('1,000 events', () => seen.size >= 1000)
 * ```
 */
export async function until(what: string, test: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(20)
  }
}

/**
 * Resolves at the next 'reconnect' status of the connection. Call it BEFORE restarting the
 * server, so the status is not missed.
 *
 * @example
 * ```ts
 * const back = reconnected(nc)
 * await server.restart()
 * await back
 * ```
 */
export async function reconnected(nc: NatsConnection): Promise<void> {
  for await (const s of nc.status()) if (s.type === 'reconnect') return
}
