// A 3-node (or n-node) JetStream cluster of our own on loopback, as in SERVICES.md: each node a
// NatsServer with a cluster port and routes to all nodes, in one temp dir. Helpers find the
// leader of a stream and kill it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type JetStreamManager, jetstreamManager } from '@nats-io/jetstream'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { isPortTaken, NatsServer } from './nats-server.js'
import { freePorts } from './ports.js'

/**
 * A JetStream cluster started by a test.
 *
 * @example
 * ```ts
 * const cluster = await NatsCluster.start()
 * const nc = await connect({ servers: cluster.urls })
 * const killed = await cluster.killStreamLeader(await jetstreamManager(nc), 'ORDERS')
 * await cluster.dispose()
 * ```
 */
export class NatsCluster {
  readonly nodes: readonly NatsServer[]
  readonly name: string
  readonly #dir: string

  private constructor(nodes: readonly NatsServer[], name: string, dir: string) {
    this.nodes = nodes
    this.name = name
    this.#dir = dir
  }

  /**
   * Starts `size` nodes (default 3) and resolves once JetStream has a meta leader. Tries again
   * with other ports (up to three times) when one was taken meanwhile.
   */
  static async start(options: { size?: number; readyTimeoutMs?: number } = {}): Promise<NatsCluster> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await NatsCluster.#start(options.size ?? 3, options.readyTimeoutMs ?? 30_000)
      } catch (err) {
        if (attempt === 3 || !isPortTaken(err)) throw err
      }
    }
  }

  static async #start(size: number, readyTimeoutMs: number): Promise<NatsCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'goes-nats-cluster-'))
    const ports = await freePorts(size * 2)
    const name = `goes${ports[0]}`
    const routes = ports.slice(size).map((p) => `nats://127.0.0.1:${p}`)
    const nodes: NatsServer[] = []
    try {
      // Started together: a node waits for its routes before JetStream is ready anyway.
      const started = await Promise.allSettled(
        ports.slice(0, size).map((port, i) =>
          NatsServer.start({
            name: `n${i + 1}`,
            port,
            dir,
            args: ['--cluster_name', name, '--cluster', routes[i]!, '--routes', routes.join(',')],
          }),
        ),
      )
      for (const s of started) if (s.status === 'fulfilled') nodes.push(s.value)
      const failed = started.find((s) => s.status === 'rejected')
      if (failed !== undefined) throw failed.reason
      const cluster = new NatsCluster(nodes, name, dir)
      await cluster.waitForJetStream(readyTimeoutMs)
      return cluster
    } catch (err) {
      await Promise.all(nodes.map((n) => n.kill()))
      rmSync(dir, { recursive: true, force: true })
      throw err
    }
  }

  /** The client URLs of every node (also of stopped ones). */
  get urls(): string[] {
    return this.nodes.map((n) => n.url)
  }

  /** The node of that server name; throws for an unknown one. */
  node(name: string): NatsServer {
    const node = this.nodes.find((n) => n.name === name)
    if (node === undefined) throw new Error(`no node ${name} in cluster ${this.name}`)
    return node
  }

  /** Resolves once the cluster's JetStream answers account info (it has a meta leader). */
  async waitForJetStream(timeoutMs = 30_000): Promise<void> {
    await withConnection(this.urls, async (nc) => {
      const jsm = await retry(() => jetstreamManager(nc, { timeout: 2000 }), timeoutMs)
      await retry(() => jsm.getAccountInfo(), timeoutMs)
    })
  }

  /**
   * The node that leads `stream` now. Retries while the stream has no leader (during an
   * election), up to `timeoutMs`.
   */
  async streamLeader(jsm: JetStreamManager, stream: string, timeoutMs = 15_000): Promise<NatsServer> {
    const leader = await retry(async () => {
      const info = await jsm.streams.info(stream)
      const name = info.cluster?.leader
      if (name === undefined || name === '') throw new Error(`stream ${stream} has no leader yet`)
      return name
    }, timeoutMs)
    return this.node(leader)
  }

  /** Kills (SIGKILL) the node that leads `stream` and returns it. */
  async killStreamLeader(jsm: JetStreamManager, stream: string): Promise<NatsServer> {
    const leader = await this.streamLeader(jsm, stream)
    await leader.kill()
    return leader
  }

  /** Kills every node and removes the cluster's temp dir. Idempotent. */
  async dispose(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.kill()))
    rmSync(this.#dir, { recursive: true, force: true })
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose()
  }
}

/** Runs `fn` with a connection to `servers`, closed afterwards. */
export async function withConnection<T>(
  servers: string | string[],
  fn: (nc: NatsConnection) => Promise<T>,
): Promise<T> {
  const nc = await connect({ servers, maxReconnectAttempts: -1, reconnectTimeWait: 100 })
  try {
    return await fn(nc)
  } finally {
    await nc.close()
  }
}

/** Calls `fn` until it resolves, every 100 ms, for up to `timeoutMs`; then rethrows its last error. */
export async function retry<T>(fn: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await fn()
    } catch (err) {
      if (Date.now() >= deadline) throw err
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}
