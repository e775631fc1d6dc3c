// NTS-3's child: takes events from a durable JetStream consumer until it has acknowledged
// HALF of them (an event is acknowledged when the reader asks for the next one), makes sure
// the acknowledgements reached the server, reports, and waits to be killed with SIGKILL.
import { CodecRegistry } from '@goes/core'
import { jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { JetStreamBus } from '../../src/index.js'
import { die, env, report } from '../fixtures-n2/report.js'

async function main(): Promise<void> {
  const half = Number(env('NTS3_HALF'))
  const nc = await connect({ servers: env('NATS_URL') })
  const bus = new JetStreamBus(nc, {
    codecs: new CodecRegistry({ unknownNames: 'json' }),
    prefix: env('NTS3_PREFIX'),
    stream: env('NTS3_STREAM'),
  })
  const sub = await bus.subscribe([env('NTS3_NAME')], { durable: env('NTS3_DURABLE') })
  let taken = 0
  let maxSeen = -1
  for await (const e of sub) {
    const i = (e.data as { i: number }).i
    maxSeen = Math.max(maxSeen, i)
    // Receiving event #half+1 means the loop asked for it: #1..#half are acknowledged. Stay in
    // the loop (no break, which would close the subscription and give the rest back): the event
    // in hand and those buffered stay unacknowledged until SIGKILL.
    if (++taken === half + 1) {
      await new Promise((r) => setImmediate(r)) // the bus sends acks at the end of the event loop turn
      await nc.flush() // the acknowledgements are on the server
      // What the server counts as delivered to this process and not acknowledged: the event in
      // hand plus those the client had pulled ahead — what a new consumer must get again.
      const jsm = await jetstreamManager(nc)
      const info = await jsm.consumers.info(env('NTS3_STREAM'), env('NTS3_DURABLE'))
      report('acked', { acked: half, maxSeen, ackPending: info.num_ack_pending, pid: process.pid })
      await new Promise(() => {})
    }
  }
}

main().catch(die)
