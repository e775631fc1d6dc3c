import { CommandError, isCommandError, newCommand } from '@goes/core'
import { NatsCommandBus } from '@goes/nats'
import { connect } from '@nats-io/transport-node'

type PlaceOrder = { item: string; quantity: number }

export async function commandsExample(servers: string, log: (line: string) => void = console.log) {
  const nc = await connect({ servers, maxReconnectAttempts: -1 })

  // A handling process: it joins the queue group of 'shop.place_order'. Start as many as you
  // like; each command is executed by exactly one of them.
  const handlers = new NatsCommandBus(nc, { prefix: 'shop.commands' })
  const sub = await handlers.subscribe(['shop.place_order'])
  void (async () => {
    for await (const ctx of sub) {
      const { item, quantity } = ctx.command.payload as PlaceOrder
      if (quantity < 1) await ctx.finish(new CommandError('BAD_QUANTITY', `Order at least one ${item}.`))
      else await ctx.finish()
    }
  })()

  // A dispatching process: `sync` waits until a handler finished the command.
  const commands = new NatsCommandBus(nc, { prefix: 'shop.commands', sync: true })
  const report = await commands.dispatch(newCommand('shop.place_order', { item: 'milk', quantity: 2 }))
  log(`executed ${report.command.name}`)
  try {
    await commands.dispatch(newCommand('shop.place_order', { item: 'milk', quantity: 0 }))
  } catch (err) {
    if (isCommandError(err, 'BAD_QUANTITY')) log(`refused: ${err.message}`)
    else throw err
  }

  await Promise.all([handlers.close(), commands.close()])
  await nc.close()
}
