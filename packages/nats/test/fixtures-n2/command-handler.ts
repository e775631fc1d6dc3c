// A command handler process of NTS-6: one NatsCommandBus handler instance of $COMMAND under
// $PREFIX; reports every command it executes ({ type: 'executed', id }) before finishing it,
// and ends cleanly on SIGTERM.
import { connect } from '@nats-io/transport-node'
import { NatsCommandBus } from '../../src/index.js'
import { die, env, report } from './report.js'

try {
  const nc = await connect({ servers: env('NATS_URL'), maxReconnectAttempts: -1, reconnectTimeWait: 100 })
  const commands = new NatsCommandBus(nc, { prefix: env('PREFIX') })
  const sub = await commands.subscribe([env('COMMAND')])
  process.once('SIGTERM', () => {
    void commands
      .close()
      .then(() => nc.close())
      .then(() => process.exit(0), die)
  })
  void (async () => {
    for await (const err of sub.errors) report('error', { code: err.code, message: err.message })
  })()
  report('ready', { handlerId: sub.handlerId })
  for await (const ctx of sub) {
    report('executed', { id: ctx.command.id })
    await ctx.finish()
  }
} catch (err) {
  die(err)
}
