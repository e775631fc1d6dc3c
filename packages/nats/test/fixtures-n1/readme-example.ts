import { CodecRegistry, newEvent } from '@goes/core'
import { JetStreamBus, NatsBus } from '@goes/nats'
import { connect } from '@nats-io/transport-node'

export async function busesExample(
  servers: string,
  where = { prefix: 'shop', stream: 'SHOP' },
  log: (line: string) => void = console.log,
) {
  // Your connection: the buses never close it. Reconnect for ever after a server restart.
  const nc = await connect({ servers, maxReconnectAttempts: -1 })
  const codecs = new CodecRegistry().register('shop.order_placed').register('shop.order_shipped')

  // NATS core: fast, at-most-once. Each name has its subject (`shop.events.shop:order_placed`).
  const events = new NatsBus(nc, { codecs, prefix: `${where.prefix}.events` })
  const placed = await events.subscribe(['shop.order_placed'])
  await events.publish([newEvent('shop.order_placed', { item: 'milk' })])
  for await (const e of placed) {
    log(`core: ${e.name} ${JSON.stringify(e.data)}`)
    break // closes the subscription
  }

  // JetStream: stored, at-least-once. The stream is created (or checked) on first use. A durable
  // consumer keeps its place across restarts; members of a group share the events.
  const stored = new JetStreamBus(nc, { codecs, prefix: `${where.prefix}.stream`, stream: where.stream })
  const billing = await stored.subscribe(['shop.order_placed', 'shop.order_shipped'], { durable: 'billing' })
  const order = newEvent('shop.order_placed', { item: 'tea' })
  await stored.publish([order, newEvent('shop.order_shipped', { item: 'tea' })])
  await stored.publish([order]) // a retry: the stream keeps each event id once
  let seen = 0
  for await (const e of billing) {
    log(`jetstream: ${e.name} ${JSON.stringify(e.data)}`) // acknowledged when the loop asks for the next
    if (++seen === 2) break // the event in hand at a break is given back: delivered again later
  }

  await Promise.all([events.close(), stored.close()])
  await nc.close()
}
