import type { NatsConnection, Status } from '@nats-io/transport-node'

/** What a bus wants to hear about its connection. @internal */
export interface ConnectionListener {
  /** The connection to `server` was lost; the client is trying to reconnect. */
  disconnected?(server: string): void
  /** The client is connected again. */
  reconnected?(server: string): void
  /** The connection is closed for good (`error` when it closed because of one). */
  closed(error: Error | undefined): void
}

/**
 * Follows a connection's status for a bus, until the returned function is called.
 *
 * @internal
 */
export function watchConnection(nc: NatsConnection, listener: ConnectionListener): () => void {
  let stopped = false
  const statuses = nc.status() as AsyncIterable<Status> & { stop?: () => void }
  void (async () => {
    try {
      for await (const s of statuses) {
        if (stopped) break
        if (s.type === 'disconnect') listener.disconnected?.(s.server)
        else if (s.type === 'reconnect') listener.reconnected?.(s.server)
      }
    } catch {
      // the status stream ends with the connection; `closed()` below reports that
    }
  })()
  void nc.closed().then((err) => {
    if (!stopped) listener.closed(err instanceof Error ? err : undefined)
  })
  return () => {
    stopped = true
    statuses.stop?.()
  }
}
