// NTS-4: a 3-node JetStream cluster started by the test; the stream (num_replicas: 3) leader is
// killed (SIGKILL) mid-way through publishing 10,000 events; every event whose publish was
// acknowledged is delivered to a durable subscriber that ran through the failover. Two publishers
// share the events (even / odd): one with the default publish retry (it waits out the leader
// election, so its publishes are acknowledged), one with `publishRetry: 0` (its publishes during
// the election fail, as typed errors). Both counts are printed. Then that publisher (not
// recreated) publishes its failed events again: safe thanks to the event-id de-duplication.
import { type Event, isGoesError, newEvent } from '@goes/core'
import { jetstreamManager } from '@nats-io/jetstream'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { JetStreamBus } from '../src/index.js'
import { NatsCluster, type NatsServer } from './support/index.js'

const COUNT = 10_000
const IN_FLIGHT = 64
const NAME = 'nts4.tick'

describe('JetStream cluster failover', () => {
  let cluster: NatsCluster | undefined
  const connections: NatsConnection[] = []
  const buses: JetStreamBus[] = []
  afterAll(async () => {
    await Promise.all(buses.map((b) => b.close().catch(() => {})))
    await Promise.all(connections.map((nc) => nc.close().catch(() => {})))
    await cluster?.dispose()
  })

  it('NTS-4: the stream leader is killed mid-way through 10,000 publishes; every acknowledged event is delivered', async () => {
    cluster = await NatsCluster.start()
    const open = async (publishRetry?: number) => {
      const nc = await connect({ servers: cluster!.urls, maxReconnectAttempts: -1, reconnectTimeWait: 100 })
      connections.push(nc)
      const bus = new JetStreamBus(nc, {
        prefix: 'goes.nts4',
        stream: { name: 'NTS4', config: { num_replicas: 3 } },
        publishTimeout: 2000,
        ...(publishRetry === undefined ? {} : { publishRetry }),
      })
      buses.push(bus)
      return { nc, bus }
    }
    const publisher = await open()
    const noRetry = await open(0)
    const subscriber = await open()
    await publisher.bus.ready()
    const jsm = await jetstreamManager(publisher.nc)

    // A durable subscriber reads all along, through the failover.
    const sub = await subscriber.bus.subscribe([NAME], { durable: 'nts4' })
    const received = new Map<string, number>()
    const subErrors = new Map<string, number>()
    let wake: (() => void) | undefined
    const reading = (async () => {
      for await (const e of sub) {
        received.set(e.id, (received.get(e.id) ?? 0) + 1)
        wake?.()
      }
    })()
    void (async () => {
      for await (const err of sub.errors) subErrors.set(err.code, (subErrors.get(err.code) ?? 0) + 1)
    })()

    const events: Event[] = Array.from({ length: COUNT }, (_, n) => newEvent(NAME, { n }))
    const acked = new Set<string>()
    let ackedByNoRetry = 0
    const failed: Event[] = []
    const failures = new Map<string, number>()
    let killed: Promise<NatsServer> | undefined
    let next = 0
    const started = Date.now()
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < COUNT) {
          const i = next++
          if (i === COUNT / 2) killed = cluster!.killStreamLeader(jsm, 'NTS4')
          const e = events[i]!
          const bus = i % 2 === 0 ? publisher.bus : noRetry.bus
          try {
            await bus.publish([e])
            acked.add(e.id)
            if (bus === noRetry.bus) ackedByNoRetry++
          } catch (err) {
            const code = isGoesError(err) ? err.code : `untyped ${String(err)}`
            failures.set(code, (failures.get(code) ?? 0) + 1)
            failed.push(e)
          }
        }
      }),
    )
    const leader = await killed!
    const publishMs = Date.now() - started

    const waitForAll = async (ids: Iterable<string>, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs
      const missing = () => [...ids].filter((id) => !received.has(id))
      while (missing().length > 0 && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          wake = resolve
          setTimeout(resolve, 200)
        })
      }
      return missing()
    }
    const missingAcked = await waitForAll(acked, 60_000)
    const deliveredMs = Date.now() - started
    const newLeader = await cluster.streamLeader(jsm, 'NTS4')

    // The publisher that gave up publishes its failed events again, now that there is a new leader.
    let republished = 0
    for (const e of failed) {
      await noRetry.bus.publish([e])
      republished++
    }
    const missingAtAll = await waitForAll(
      events.map((e) => e.id),
      60_000,
    )
    const duplicates = [...received.values()].filter((n) => n > 1).length

    console.log(
      `NTS-4: killed stream leader ${leader.name} at publish ${COUNT / 2}; new leader ${newLeader.name}; ` +
        `${acked.size} publishes acknowledged (${acked.size - ackedByNoRetry} of ${COUNT / 2} with retry, ` +
        `${ackedByNoRetry} of ${COUNT / 2} without), ${failed.length} failed ${JSON.stringify(Object.fromEntries(failures))} ` +
        `in ${publishMs} ms; acknowledged but not delivered: ${missingAcked.length} (all acknowledged ones delivered ` +
        `after ${deliveredMs} ms); ` +
        `republished ${republished} failed events, not delivered after that: ${missingAtAll.length}; ` +
        `delivered more than once: ${duplicates}; subscription errors ${JSON.stringify(Object.fromEntries(subErrors))}`,
    )

    expect(leader.running).toBe(false)
    expect(newLeader.name).not.toBe(leader.name)
    expect(acked.size + failed.length).toBe(COUNT)
    expect(acked.size - ackedByNoRetry).toBe(COUNT / 2) // the retrying publisher waited out the election
    // Failed publishes are typed, and say "try again": no leader yet (UNAVAILABLE) or no answer in time (TIMEOUT).
    expect([...failures.keys()].filter((code) => code !== 'UNAVAILABLE' && code !== 'TIMEOUT')).toEqual([])
    expect(missingAcked).toEqual([])
    expect(republished).toBe(failed.length)
    expect(missingAtAll).toEqual([])
    await sub.close()
    await reading
  }, 180_000)
})
