// Test support of @goes/nats: servers, clusters and child processes that tests start and kill.
export type { ChildMessage, SpawnScriptOptions } from './child.js'
export { ChildScript, spawnScript } from './child.js'
export { NatsCluster, retry, withConnection } from './cluster.js'
export type { NatsServerOptions } from './nats-server.js'
export { isPortTaken, NatsServer } from './nats-server.js'
export { freePorts } from './ports.js'
export { reap, reapAll } from './reaper.js'
export { reconnected, sleep, until } from './wait.js'
