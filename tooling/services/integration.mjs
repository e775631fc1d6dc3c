// For integration tests: where each server is, whether it answers, and what to do when it does
// not. Synchronous, so a test file can decide at collection time whether its suite runs.
//
//   import { integration } from '@goes-internal/services/integration'
//   const mongo = integration('mongo')          // { url, available, describe }
//   mongo.describe('MongoStore', () => { ... }) // skipped loudly without a server, failing under CI
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { endpoints, paths } from './lib/config.mjs'

const BIN = join(dirname(fileURLToPath(import.meta.url)), 'bin.mjs')
const probed = new Map()

/** Whether missing servers fail the run (CI, or GOES_REQUIRE_SERVICES=1) instead of skipping. */
export function servicesRequired(env = process.env) {
  return Boolean(env.CI) || env.GOES_REQUIRE_SERVICES === '1'
}

/** Probes a service once per process (`bin.mjs status <name>`); returns undefined or the reason it is down. */
function probe(name) {
  if (!probed.has(name)) {
    const r = spawnSync(process.execPath, [BIN, 'status', name], { encoding: 'utf8', timeout: 15_000 })
    probed.set(name, r.status === 0 ? undefined : (r.stdout + r.stderr).trim() || `exit ${r.status}`)
  }
  return probed.get(name)
}

/**
 * A service for integration tests: its URL, whether it answers, and a `describe` that runs the
 * suite when it does, skips it with a loud line when it does not, and — under CI or
 * GOES_REQUIRE_SERVICES=1 — fails instead of skipping.
 *
 * @param {'mongo' | 'nats' | 'pubsub'} name
 */
export function integration(name) {
  const ep = endpoints()[name]
  const down = probe(name)
  const available = down === undefined
  const describe = (title, body) => {
    const g = globalThis
    if (available) return g.describe(title, body)
    const why = `${name} is not answering at ${ep.host}:${ep.port}: ${down}. Fix: node tooling/services/bin.mjs start ${name}`
    if (servicesRequired()) {
      return g.describe(title, () => {
        g.it(`requires ${name}`, () => {
          throw new Error(`${why} (CI or GOES_REQUIRE_SERVICES is set, so a missing server fails the run)`)
        })
      })
    }
    console.warn(`\n*** SKIPPING "${title}": ${why}\n`)
    return g.describe.skip(title, body)
  }
  return { url: ep.url, host: ep.host, port: ep.port, available, describe }
}

/** The nats-server binary the harness built (for tests that start, kill or cluster their own servers). */
export function natsServerBin(env = process.env) {
  const bin = env.GOES_NATS_SERVER_BIN || paths(env).natsServer
  if (!existsSync(bin)) {
    throw new Error(`nats-server is not built at ${bin}. Fix: node tooling/services/bin.mjs start nats`)
  }
  return bin
}
