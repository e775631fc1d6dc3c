// Where things live and which versions are built. Everything a run produces (binaries, source
// copies, logs, server state, the PID file) goes under one cache directory OUTSIDE the repo, so
// CI's fresh clones and every checkout on a machine reuse the same builds.
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { HarnessError } from './proc.mjs'

export const FERRETDB_VERSION = 'v1.24.2'
export const NATS_SERVER_VERSION = 'v2.15.2'
export const PUBSUB_MODULE = 'cloud.google.com/go/pubsub/v2'

/** The harness' own directory (holds pstest/). */
export const HERE = join(dirname(fileURLToPath(import.meta.url)), '..')

/** @returns {string} the cache directory: $GOES_SERVICES_CACHE, else $XDG_CACHE_HOME/goes-services, else ~/.cache/goes-services. */
export function cacheDir(env = process.env) {
  if (env.GOES_SERVICES_CACHE) return env.GOES_SERVICES_CACHE
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'goes-services')
}

/** Paths inside the cache. */
export function paths(env = process.env) {
  const root = cacheDir(env)
  return {
    root,
    bin: join(root, 'bin'),
    logs: join(root, 'logs'),
    src: join(root, 'src'),
    state: join(root, 'state.json'),
    ferretdb: join(root, 'bin', `ferretdb-${FERRETDB_VERSION}`),
    ferretdbState: join(root, 'ferretdb-state'),
    ferretdbSqlite: join(root, 'ferretdb-sqlite'),
    natsServer: join(root, 'bin', 'nats-server'),
    natsStore: join(root, 'nats-js'),
  }
}

/** Host and port out of a URL or a bare host:port, with a default port. */
export function hostPort(value, defaultPort) {
  let url
  try {
    url = new URL(value.includes('://') ? value : `tcp://${value}`)
  } catch {
    throw new HarnessError(`"${value}" is not a URL or host:port. Fix: correct the environment variable that holds it`)
  }
  const port = Number(url.port || defaultPort)
  if (!url.hostname || !(port > 0)) {
    throw new HarnessError(`"${value}" names no host or port. Fix: give host:port, e.g. 127.0.0.1:${defaultPort}`)
  }
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port }
}

/** Connection settings the tests read, with loopback defaults. */
export function endpoints(env = process.env) {
  const mongoUrl = env.GOES_MONGO_URL || 'mongodb://127.0.0.1:27017'
  const natsUrl = env.GOES_NATS_URL || 'nats://127.0.0.1:4222'
  const pubsubHost = env.PUBSUB_EMULATOR_HOST || '127.0.0.1:8085'
  return {
    mongo: { url: mongoUrl, ...hostPort(mongoUrl, 27017) },
    nats: { url: natsUrl, ...hostPort(natsUrl, 4222) },
    pubsub: { url: pubsubHost, ...hostPort(pubsubHost, 8085) },
    // FerretDB's backend: the pre-started PostgreSQL, or SQLite files in the cache (GOES_FERRETDB_HANDLER=sqlite).
    ferretHandler: env.GOES_FERRETDB_HANDLER === 'sqlite' ? 'sqlite' : 'postgresql',
    postgresUrl: env.GOES_FERRETDB_POSTGRESQL_URL || 'postgres://postgres@127.0.0.1:5432/ferretdb',
  }
}
