// Shared by the bus benchmarks: the server, small events made once, and their envelopes (the
// bytes the raw nats.js baselines send, so both sides move exactly the same bytes).
import { CodecRegistry, type Event, newEvent, uuid } from '@goes/core'
import { encodeEnvelope } from '@goes/core/backend'
import { connect, type NatsConnection } from '@nats-io/transport-node'

export const NATS_URL = process.env.GOES_NATS_URL ?? 'nats://127.0.0.1:4222'
export const codecs = new CodecRegistry({ unknownNames: 'json' })
export const NAMES = ['bench.item_added', 'bench.item_renamed', 'bench.item_removed'] as const

/** `count` small events (three names, small data, an aggregate) and their envelopes. */
export function makeEvents(count: number): { events: Event[]; envelopes: Uint8Array[] } {
  const events: Event[] = []
  let aggregate = uuid()
  for (let i = 0; i < count; i++) {
    if (i % 100 === 0) aggregate = uuid()
    events.push(
      newEvent(
        NAMES[i % NAMES.length]!,
        { n: i, title: `item ${i}` },
        {
          aggregate: { name: 'bench.list', id: aggregate, version: (i % 100) + 1 },
        },
      ),
    )
  }
  return { events, envelopes: events.map((e) => encodeEnvelope(e, codecs).slice()) }
}

export function connectBench(): Promise<NatsConnection> {
  return connect({ servers: NATS_URL, name: 'goes-bench' })
}

let round = 0
/** A token per round, so rounds never share subjects or streams. */
export function roundId(): string {
  return `${process.pid.toString(36)}r${++round}`
}
