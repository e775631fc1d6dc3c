// Child processes for multi-process tests: a TypeScript (or .mjs) script run by node with the
// repo's swc hooks (@goes-internal/jest-preset/ts-register), so it uses the package's sources as
// jest does (no build step).
// A script talks back with JSON lines on stdout (see fixtures-n2/report.ts); anything else it
// prints is kept for failure messages.
import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { pathToFileURL } from 'node:url'
import { reap } from './reaper.js'

const REGISTER = pathToFileURL(
  createRequire(join(__dirname, 'child.ts')).resolve('@goes-internal/jest-preset/ts-register'),
).href

/** A JSON message a child printed on a line of its own. */
export type ChildMessage = { readonly type: string } & Record<string, unknown>

/** Options of {@link spawnScript}. */
export interface SpawnScriptOptions {
  readonly args?: readonly string[]
  /** Added to this process's environment. */
  readonly env?: Readonly<Record<string, string>>
  /** Printed output kept for failure messages (lines). Default 200. */
  readonly keepLines?: number
}

/**
 * A running child script.
 *
 * @example
 * ```ts
 * const child = spawnScript(join(__dirname, 'fixtures-n2/handler.ts'), { env: { NATS_URL: url } })
 * await child.waitFor('ready')
 * child.kill('SIGKILL')
 * const { code } = await child.exited
 * ```
 */
export class ChildScript {
  readonly process: ChildProcess
  /** Every JSON message received so far, in order. */
  readonly messages: ChildMessage[] = []
  /** Resolves when the process exited, with its code or signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  readonly #output: string[] = []
  readonly #keep: number
  readonly #waiters = new Set<() => void>()
  #exitedNow = false

  constructor(file: string, options: SpawnScriptOptions = {}) {
    this.#keep = options.keepLines ?? 200
    this.process = reap(
      spawn(process.execPath, ['--import', REGISTER, file, ...(options.args ?? [])], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ...options.env },
      }),
    )
    createInterface({ input: this.process.stdout! }).on('line', (line) => this.#onLine(line))
    createInterface({ input: this.process.stderr! }).on('line', (line) => this.#keepLine(`stderr: ${line}`))
    this.exited = new Promise((resolve) => {
      this.process.once('close', (code, signal) => {
        this.#exitedNow = true
        this.#wake()
        resolve({ code, signal })
      })
      this.process.once('error', (err) => {
        this.#keepLine(`spawn error: ${err.message}`)
        this.#exitedNow = true
        this.#wake()
        resolve({ code: null, signal: null })
      })
    })
  }

  get pid(): number | undefined {
    return this.process.pid
  }

  /** The last lines the child printed (non-JSON and stderr), for failure messages. */
  get output(): string {
    return this.#output.join('\n')
  }

  /**
   * Resolves with the first message (from the start) of that type, or matching the predicate.
   * Rejects when the child exits first or after `timeoutMs` (default 30 s), with its output.
   */
  async waitFor(match: string | ((m: ChildMessage) => boolean), timeoutMs = 30_000): Promise<ChildMessage> {
    const test = typeof match === 'string' ? (m: ChildMessage) => m.type === match : match
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = this.messages.find(test)
      if (found !== undefined) return found
      const what = typeof match === 'string' ? `"${match}"` : 'a matching message'
      if (this.#exitedNow) throw new Error(`child ${this.pid} exited before ${what}:\n${this.output}`)
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`child ${this.pid} sent no ${what} within ${timeoutMs} ms:\n${this.output}`)
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer)
          this.#waiters.delete(wake)
          resolve()
        }
        const timer = setTimeout(wake, left)
        this.#waiters.add(wake)
      })
    }
  }

  /** Sends a signal (SIGTERM by default); no-op once exited. */
  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (!this.#exitedNow) this.process.kill(signal)
  }

  /** Asks the child to end (SIGTERM), SIGKILL after `graceMs`; resolves once it exited. */
  async stop(graceMs = 5000): Promise<void> {
    this.kill('SIGTERM')
    const timer = setTimeout(() => this.kill('SIGKILL'), graceMs)
    await this.exited
    clearTimeout(timer)
  }

  #onLine(line: string): void {
    if (line.startsWith('{')) {
      try {
        const m = JSON.parse(line) as ChildMessage
        if (typeof m.type === 'string') {
          this.messages.push(m)
          this.#wake()
          return
        }
      } catch {}
    }
    this.#keepLine(line)
  }

  #keepLine(line: string): void {
    this.#output.push(line)
    if (this.#output.length > this.#keep) this.#output.shift()
  }

  #wake(): void {
    for (const wake of [...this.#waiters]) wake()
  }
}

/**
 * Starts `file` (a .ts or .mjs script) in a child node process that runs the package's
 * TypeScript sources; killed with the test process at the latest.
 *
 * @example
 * ```ts
 * const dispatcher = spawnScript(join(__dirname, 'fixtures-n2/dispatcher.ts'), { args: ['1000'] })
 * const done = await dispatcher.waitFor('done', 120_000)
 * ```
 */
export function spawnScript(file: string, options?: SpawnScriptOptions): ChildScript {
  return new ChildScript(file, options)
}
