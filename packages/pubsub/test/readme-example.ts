import { type Event, EventCommandBus, newCommand, newEvent, uuid } from '@goes/core'
import { PubSubBus } from '@goes/pubsub'

export async function example(log: (...values: unknown[]) => void = console.log, prefix = 'shop.'): Promise<void> {
  // PUBSUB_EMULATOR_HOST points the client at the emulator; in Google Cloud leave it unset.
  const bus = new PubSubBus({
    clientConfig: { projectId: 'shop' },
    prefix, // of every topic and subscription id the bus makes: shop.shop.order_placed, …
    subscriber: { batching: { maxMessages: 1, maxMilliseconds: 1 } }, // prompt acks (the emulator needs them)
  })
  try {
    // A broadcast subscriber gets every event (its own subscription, deleted on close);
    // members of a group share one subscription, so each event reaches one of them.
    const audit = await bus.subscribe(['shop.order_placed'])
    const billing = await bus.subscribe(['shop.order_placed'], { group: 'billing' })

    const order = { name: 'shop.order', id: uuid(), version: 1 } // its id is the ordering key
    await bus.publish([newEvent('shop.order_placed', { total: 42 }, { aggregate: order })])

    for await (const e of audit) {
      log('audit', e.data) // { total: 42 }
      break // closes the subscription: the event is acked, the subscription deleted
    }

    // consume(): acked when the handler resolves; a throw nacks it and Pub/Sub redelivers it.
    const billed = new Promise<Event>((resolve) => void billing.consume(resolve))
    log('billing', (await billed).data) // { total: 42 }

    // The command bus of @goes/core runs over the same bus: each command runs exactly once.
    const commands = new EventCommandBus(bus, { mode: 'group' })
    const handler = await commands.subscribe(['shop.place_order'])
    void (async () => {
      for await (const ctx of handler) await ctx.finish()
    })()
    const report = await commands.dispatch(newCommand('shop.place_order', { total: 7 }), { sync: true })
    log('executed', typeof report.runtimeMs) // executed number
    await commands.close()
  } finally {
    await bus.close() // closes every subscription it opened; group subscriptions stay for the next member
  }
}
