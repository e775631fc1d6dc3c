import type { NatsConnection } from '@nats-io/transport-node'

/** Whether the connected server is at least `major.minor` (false when unknown). @internal */
export function serverAtLeast(nc: NatsConnection, major: number, minor: number): boolean {
  const m = /^v?(\d+)\.(\d+)/.exec(nc.info?.version ?? '')
  if (m === null) return false
  const [maj, min] = [Number(m[1]), Number(m[2])]
  return maj > major || (maj === major && min >= minor)
}

/** Consumers may filter on several subjects from nats-server 2.10 on. @internal */
export function supportsMultipleFilters(nc: NatsConnection): boolean {
  return serverAtLeast(nc, 2, 10)
}
