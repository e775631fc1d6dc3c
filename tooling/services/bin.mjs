#!/usr/bin/env node
// The service harness: `start [mongo] [nats] [pubsub]`, `stop [...]`, `status`, `env`.
// See README.md beside this file. Exits non-zero with a message naming the server and the fix.
import { existsSync } from 'node:fs'
import { endpoints, paths } from './lib/config.mjs'
import { HarnessError, since } from './lib/proc.mjs'
import { ensure, SERVICES, stopAll } from './lib/services.mjs'

const USAGE = `usage: node tooling/services/bin.mjs <command> [service...]
  start [mongo] [nats] [pubsub]   start what is not already answering (default: all), wait until it answers
  stop  [mongo] [nats] [pubsub]   stop the servers this harness started (never the pre-started NATS)
  status                          say which servers answer
  env                             print export lines for the tests' environment variables`

/** `env`: shell export lines (values already set in the environment win). */
function envLines(env = process.env) {
  const ep = endpoints(env)
  const p = paths(env)
  const lines = [
    `export GOES_MONGO_URL=${ep.mongo.url}`,
    `export GOES_NATS_URL=${ep.nats.url}`,
    `export PUBSUB_EMULATOR_HOST=${ep.pubsub.url}`,
    `export GOES_NATS_SERVER_BIN=${p.natsServer}`,
  ]
  if (!existsSync(p.natsServer))
    lines.push('# GOES_NATS_SERVER_BIN is not built yet: run `node tooling/services/bin.mjs start nats`')
  return lines
}

async function main(argv) {
  const [command, ...rest] = argv
  const names = rest.length ? rest : Object.keys(SERVICES)
  const unknown = names.filter((n) => !(n in SERVICES))
  if (!command || command === '-h' || command === '--help' || unknown.length) {
    if (unknown.length) console.error(`services: unknown service ${unknown.join(', ')}`)
    console.error(USAGE)
    return command && !unknown.length ? 0 : 2
  }
  const ctx = { ep: endpoints(), p: paths(), log: (line) => console.log(`services: ${line}`) }
  const t0 = performance.now()
  switch (command) {
    case 'start':
      ctx.log(`cache ${ctx.p.root}`)
      for (const name of names) await ensure(name, ctx)
      ctx.log(`ready in ${since(t0)}: ${names.join(', ')}`)
      return 0
    case 'stop':
      await stopAll(names, ctx)
      return 0
    case 'status': {
      let down = 0
      for (const name of names) {
        const spec = SERVICES[name]
        const t = spec.target(ctx.ep)
        try {
          ctx.log(`${name.padEnd(6)} ${t.host}:${t.port} ${await spec.probe(t)}`)
        } catch (err) {
          down++
          ctx.log(`${name.padEnd(6)} ${t.host}:${t.port} NOT answering (${err.message})`)
        }
      }
      return down ? 1 : 0
    }
    case 'env':
      for (const line of envLines()) console.log(line)
      return 0
    default:
      console.error(`services: unknown command ${command}\n${USAGE}`)
      return 2
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof HarnessError) console.error(`services: FAILED: ${err.message}`)
    else console.error('services: FAILED (harness bug):', err)
    process.exit(1)
  },
)
