// The dispatcher process of NTS-6: dispatches $COUNT commands $COMMAND synchronously, $CONCURRENCY
// at a time, and reports { type: 'done', ok: [ids], failed: [{ id, code }], p50, p99 }.
import { isGoesError, newCommand } from '@goes/core'
import { connect } from '@nats-io/transport-node'
import { NatsCommandBus } from '../../src/index.js'
import { die, env, report } from './report.js'

try {
  const count = Number(env('COUNT'))
  const concurrency = Number(env('CONCURRENCY'))
  const nc = await connect({ servers: env('NATS_URL'), maxReconnectAttempts: -1, reconnectTimeWait: 100 })
  const commands = new NatsCommandBus(nc, { prefix: env('PREFIX'), sync: true, timeoutMs: 20_000 })
  const all = Array.from({ length: count }, (_, n) => newCommand(env('COMMAND'), { n }))
  const ok: string[] = []
  const failed: { id: string; code: string }[] = []
  const ms: number[] = []
  let next = 0
  const started = performance.now()
  const worker = async (): Promise<void> => {
    while (next < all.length) {
      const command = all[next++]!
      const t = performance.now()
      try {
        const r = await commands.dispatch(command)
        if (r.command.id !== command.id) throw new Error(`report for ${r.command.id}, expected ${command.id}`)
        ok.push(command.id)
        ms.push(performance.now() - t)
      } catch (err) {
        failed.push({ id: command.id, code: isGoesError(err) ? err.code : String(err) })
      }
    }
  }
  report('started', { ids: all.map((c) => c.id) })
  await Promise.all(Array.from({ length: concurrency }, worker))
  ms.sort((a, b) => a - b)
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(ms.length * q))] ?? Number.NaN
  report('done', { ok, failed, ms: performance.now() - started, p50: at(0.5), p99: at(0.99) })
  await commands.close()
  await nc.close()
} catch (err) {
  die(err)
}
