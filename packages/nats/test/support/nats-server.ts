// A nats-server of our own (the harness's newer binary) for tests that stop, kill, restart or
// cluster servers: on a free loopback port, with its own JetStream store dir and log file in a
// temp dir. The pre-started server on 4222 is never touched.
import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { connect as tcpConnect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { natsServerBin } from '@goes-internal/services/integration'
import { freePorts } from './ports.js'
import { reap } from './reaper.js'

/** Options of {@link NatsServer.start}. */
export interface NatsServerOptions {
  /** Server name (`-n`); also names its store dir and log. Default: `n<port>`. */
  readonly name?: string
  /** Client port; a free one by default. */
  readonly port?: number
  /** Directory for the store dir and log; a fresh temp dir (removed by `dispose()`) by default. */
  readonly dir?: string
  /** JetStream on (default true). */
  readonly jetstream?: boolean
  /** More command-line arguments (cluster options). */
  readonly args?: readonly string[]
  /** How long to wait for the server to answer. Default 15 s. */
  readonly readyTimeoutMs?: number
}

/**
 * One nats-server process that can be stopped, killed and started again on the same port and
 * store dir, so clients reconnect to it and JetStream finds its streams again.
 *
 * @example
 * ```ts
 * const server = await NatsServer.start()
 * const nc = await connect({ servers: server.url })
 * await server.restart({ signal: 'SIGKILL' })
 * await server.dispose()
 * ```
 */
export class NatsServer {
  readonly name: string
  readonly port: number
  readonly storeDir: string
  readonly logFile: string
  readonly #args: readonly string[]
  readonly #ownDir: string | undefined
  readonly #readyTimeoutMs: number
  #child: ChildProcess | undefined
  #exited: Promise<void> = Promise.resolve()

  private constructor(options: NatsServerOptions & { port: number }) {
    this.port = options.port
    this.name = options.name ?? `n${options.port}`
    this.#ownDir = options.dir === undefined ? mkdtempSync(join(tmpdir(), 'goes-nats-')) : undefined
    const dir = options.dir ?? this.#ownDir!
    this.storeDir = join(dir, `store-${this.name}`)
    this.logFile = join(dir, `${this.name}.log`)
    mkdirSync(this.storeDir, { recursive: true })
    this.#readyTimeoutMs = options.readyTimeoutMs ?? 15_000
    this.#args = [
      ...['-a', '127.0.0.1', '-p', String(this.port), '-n', this.name],
      ...(options.jetstream === false ? [] : ['-js', '-sd', this.storeDir]),
      ...(options.args ?? []),
    ]
  }

  /**
   * Starts a server and resolves once it answers on its port. Without a given port it tries up
   * to three free ones (another process may take a port between our pick and the server's bind).
   */
  static async start(options: NatsServerOptions = {}): Promise<NatsServer> {
    for (let attempt = 1; ; attempt++) {
      const port = options.port ?? (await freePorts(1))[0]!
      const server = new NatsServer({ ...options, port })
      try {
        await server.start()
        return server
      } catch (err) {
        await server.dispose()
        if (options.port !== undefined || attempt === 3 || !isPortTaken(err)) throw err
      }
    }
  }

  /** `nats://127.0.0.1:<port>` */
  get url(): string {
    return `nats://127.0.0.1:${this.port}`
  }

  /** The process id while it runs. */
  get pid(): number | undefined {
    return this.#child?.pid
  }

  /** Whether the process runs (it may not answer yet). */
  get running(): boolean {
    return this.#child !== undefined
  }

  /** Starts the process again after `stop()` or `kill()`; resolves once it answers. */
  async start(): Promise<void> {
    if (this.#child !== undefined) throw new Error(`nats-server ${this.name} already runs`)
    const log = openSync(this.logFile, 'a')
    let child: ChildProcess
    try {
      child = reap(spawn(natsServerBin(), this.#args, { stdio: ['ignore', log, log] }))
    } finally {
      closeSync(log)
    }
    this.#child = child
    let early: ((why: Error) => void) | undefined
    this.#exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        if (this.#child === child) this.#child = undefined
        early?.(new Error(`nats-server ${this.name} exited at start (${signal ?? code}):\n${this.logTail()}`))
        resolve()
      })
      child.once('error', (err) => {
        if (this.#child === child) this.#child = undefined
        early?.(err)
        resolve()
      })
    })
    const exitedEarly = new Promise<never>((_, reject) => {
      early = reject
    })
    exitedEarly.catch(() => {})
    try {
      await Promise.race([waitForInfo(this.port, this.name, this.#readyTimeoutMs), exitedEarly])
    } catch (err) {
      await this.kill()
      throw err
    } finally {
      early = undefined
    }
  }

  /** Stops the process (SIGTERM, SIGKILL after `timeoutMs`) and resolves once it exited. */
  async stop(options: { signal?: NodeJS.Signals; timeoutMs?: number } = {}): Promise<void> {
    const child = this.#child
    if (child === undefined) return this.#exited
    child.kill(options.signal ?? 'SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 5000)
    await this.#exited
    clearTimeout(timer)
  }

  /** Kills the process with SIGKILL, as a crash would. */
  kill(): Promise<void> {
    return this.stop({ signal: 'SIGKILL' })
  }

  /** Stops (SIGTERM by default) and starts again on the same port and store dir. */
  async restart(options: { signal?: NodeJS.Signals; downMs?: number } = {}): Promise<void> {
    await this.stop(options)
    if (options.downMs) await new Promise((resolve) => setTimeout(resolve, options.downMs))
    await this.start()
  }

  /** The last lines of the server's log, for failure messages. */
  logTail(lines = 20): string {
    try {
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
    } catch {
      return '(no log)'
    }
  }

  /** Kills the server and removes its temp dir (when it made one). Idempotent. */
  async dispose(): Promise<void> {
    await this.kill()
    if (this.#ownDir !== undefined) rmSync(this.#ownDir, { recursive: true, force: true })
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose()
  }
}

/** Whether a failed start looks like a port taken by someone else. */
export function isPortTaken(err: unknown): boolean {
  const text = err instanceof Error ? err.message : String(err)
  return /address already in use|is served by/i.test(text)
}

/** Resolves once a NATS server named `name` greets a TCP connection on `port` with its INFO. */
async function waitForInfo(port: number, name: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let last = 'no answer'
  while (Date.now() < deadline) {
    const info = await readInfo(port).catch((err: Error) => {
      last = err.message
      return undefined
    })
    if (info !== undefined && info.server_name === name) return
    if (info !== undefined) last = `port ${port} is served by ${String(info.server_name)}, not ${name}`
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`nats-server ${name} did not answer on 127.0.0.1:${port} within ${timeoutMs} ms: ${last}`)
}

function readInfo(port: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host: '127.0.0.1', port })
    let text = ''
    const done = (err?: Error, info?: Record<string, unknown>) => {
      socket.destroy()
      if (err !== undefined) reject(err)
      else resolve(info!)
    }
    socket.setTimeout(2000, () => done(new Error('INFO timed out')))
    socket.on('error', (err) => done(err))
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8')
      const end = text.indexOf('\r\n')
      if (end < 0) return
      const line = text.slice(0, end)
      if (!line.startsWith('INFO ')) return done(new Error(`not a NATS server: ${line.slice(0, 40)}`))
      try {
        done(undefined, JSON.parse(line.slice(5)) as Record<string, unknown>)
      } catch (err) {
        done(err as Error)
      }
    })
  })
}
