// The three servers: how each is checked, built, prepared and started. `ensure()` is the
// idempotent start: reuse whatever already answers, else build (once), start, wait, record.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { buildFerretDB, buildNatsServer, buildPstest } from './build.mjs'
import { FERRETDB_VERSION } from './config.mjs'
import { http2Settings, mongoHello, natsInfo, tcpOpen, waitFor } from './probe.mjs'
import {
  freePort,
  HarnessError,
  readState,
  run,
  runs,
  since,
  startDetached,
  stopPid,
  tail,
  writeState,
} from './proc.mjs'

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1'])

/** @type {Record<string, ServiceSpec>} */
export const SERVICES = {
  mongo: {
    title: `FerretDB ${FERRETDB_VERSION} (MongoDB wire)`,
    target: (ep) => ep.mongo,
    probe: async (t) => `answers hello (maxWireVersion ${(await mongoHello(t)).maxWireVersion})`,
    waitMs: 30000,
    build: buildFerretDB,
    async prepare(ctx) {
      const { ep, p } = ctx
      if (ep.ferretHandler === 'sqlite') {
        mkdirSync(p.ferretdbSqlite, { recursive: true })
        return ['--handler=sqlite', `--sqlite-url=file:${p.ferretdbSqlite}/`]
      }
      await ensurePostgresDatabase(ctx)
      return ['--handler=postgresql', `--postgresql-url=${ep.postgresUrl}`]
    },
    async args(ctx, t, extra) {
      // Per port: a second instance (another GOES_MONGO_URL) must not share the first one's state.
      const stateDir = join(ctx.p.ferretdbState, String(t.port))
      mkdirSync(stateDir, { recursive: true })
      return [
        ...extra,
        `--listen-addr=${t.host}:${t.port}`,
        `--state-dir=${stateDir}`,
        `--debug-addr=127.0.0.1:${await freePort()}`,
        '--telemetry=disable',
        '--log-level=WARN',
      ]
    },
  },
  nats: {
    title: 'NATS with JetStream',
    target: (ep) => ep.nats,
    probe: async (t) => {
      const info = await natsInfo(t)
      return `answers INFO (nats-server ${info.version}, jetstream ${info.jetstream ? 'on' : 'off'})`
    },
    waitMs: 15000,
    build: buildNatsServer,
    // The binary is built even when the pre-started server is reused: tests start extra instances with it.
    alwaysBuild: true,
    async args(ctx, t) {
      mkdirSync(ctx.p.natsStore, { recursive: true })
      return ['-a', t.host, '-p', String(t.port), '-js', '-sd', ctx.p.natsStore]
    },
  },
  pubsub: {
    title: 'Pub/Sub fake (pstest)',
    target: (ep) => ep.pubsub,
    probe: async (t) => {
      await http2Settings(t)
      return 'answers HTTP/2 (gRPC)'
    },
    waitMs: 15000,
    build: buildPstest,
    args: async (_ctx, t) => ['-port', String(t.port)],
  },
}

/** Creates FerretDB's PostgreSQL database when missing (the server itself is pre-started). */
async function ensurePostgresDatabase({ ep, p, say }) {
  const url = new URL(ep.postgresUrl)
  const db = url.pathname.slice(1) || 'ferretdb'
  const pg = { host: url.hostname, port: Number(url.port || 5432) }
  const fix = `start PostgreSQL on ${pg.host}:${pg.port} (trust auth for user ${url.username || 'postgres'}), set GOES_FERRETDB_POSTGRESQL_URL, or use GOES_FERRETDB_HANDLER=sqlite`
  if (!(await tcpOpen(pg)))
    throw new HarnessError(`mongo: PostgreSQL is not answering on ${pg.host}:${pg.port}. Fix: ${fix}`)
  const admin = new URL(url)
  admin.pathname = '/postgres'
  const common = {
    cwd: p.root,
    log: join(p.logs, 'postgres.log'),
    what: 'mongo: checking the PostgreSQL database',
    fix,
  }
  const psql = (sql) => run('psql', [admin.href, '-v', 'ON_ERROR_STOP=1', '-tAc', sql], common)
  if ((await psql(`SELECT 1 FROM pg_database WHERE datname = '${db.replaceAll("'", "''")}'`)).trim() !== '1') {
    await psql(`CREATE DATABASE "${db.replaceAll('"', '""')}"`)
    say(`created PostgreSQL database ${db} on ${pg.host}:${pg.port}`)
  }
}

/** Starts `name` unless something already answers; records what it started. */
export async function ensure(name, ctx) {
  const spec = SERVICES[name]
  const t = spec.target(ctx.ep)
  const say = (text) => ctx.log(`${name.padEnd(6)} ${text}`)
  const where = `${t.host}:${t.port}`
  const t0 = performance.now()
  const binaryP = spec.alwaysBuild ? spec.build(ctx.p, say) : null
  binaryP?.catch(() => {}) // awaited below; this only keeps an early failure from counting as unhandled
  try {
    const how = await spec.probe({ ...t, timeoutMs: 2000 })
    const recorded = readState(ctx.p.state)[`${name}@${where}`]
    const whose = recorded && runs(recorded.pid, recorded.binary) ? `started by us, pid ${recorded.pid}` : 'not ours'
    say(`reusing ${spec.title} on ${where}: ${how} (${whose}; ${since(t0)})`)
    await binaryP
    return
  } catch (err) {
    if (await tcpOpen(t)) {
      throw new HarnessError(
        `${name}: something listens on ${where} but is not a working ${spec.title} (${err.message}). ` +
          `Fix: stop whatever holds ${where}, or point the harness elsewhere (GOES_MONGO_URL / GOES_NATS_URL / PUBSUB_EMULATOR_HOST)`,
      )
    }
  }
  if (!LOOPBACK.has(t.host)) {
    throw new HarnessError(
      `${name}: ${where} is not answering, and the harness only starts servers on loopback. Fix: start it there, or unset the URL to use the local default`,
    )
  }
  const binary = await (binaryP ?? spec.build(ctx.p, say))
  const extra = spec.prepare ? await spec.prepare({ ...ctx, say }) : []
  const args = await spec.args(ctx, t, extra)
  const log = join(ctx.p.logs, `${name}-${t.port}.log`)
  const t1 = performance.now()
  const proc = startDetached(binary, args, { cwd: ctx.p.root, log })
  if (proc.pid === undefined)
    throw new HarnessError(`${name}: could not start ${binary}. Fix: delete it to force a rebuild`)
  const state = readState(ctx.p.state)
  state[`${name}@${where}`] = { name, pid: proc.pid, binary, addr: where, startedAt: new Date().toISOString() }
  writeState(ctx.p.state, state)
  try {
    const how = await waitFor(() => spec.probe(t), { timeoutMs: spec.waitMs, alive: proc.alive })
    say(`started ${spec.title} on ${where}: ${how} (pid ${proc.pid}, up in ${since(t1)}; log: ${log})`)
  } catch (err) {
    await stopPid(proc.pid, binary, 2000)
    const s = readState(ctx.p.state)
    delete s[`${name}@${where}`]
    writeState(ctx.p.state, s)
    throw new HarnessError(
      `${name}: ${spec.title} did not come up on ${where}: ${err.message}. ` +
        `Fix: read the log below; if the port is taken, free it\n--- last lines of ${log}:\n${tail(log)}`,
    )
  }
}

/** Stops every server this harness recorded under `names` (never one it merely reused). */
export async function stopAll(names, ctx) {
  const state = readState(ctx.p.state)
  for (const name of names) {
    // Keyed by name@addr: servers started on other ports (other URLs in the environment) are tracked too.
    const keys = Object.keys(state).filter((key) => (state[key].name ?? key.split('@')[0]) === name)
    if (!keys.length) ctx.log(`${name.padEnd(6)} nothing to stop (not started by this harness)`)
    for (const key of keys) {
      const rec = state[key]
      const t0 = performance.now()
      const how = await stopPid(rec.pid, rec.binary)
      delete state[key]
      writeState(ctx.p.state, state)
      ctx.log(`${name.padEnd(6)} ${how} (pid ${rec.pid} on ${rec.addr}, ${since(t0)})`)
    }
  }
}
