import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { pathToFileURL } from 'node:url'

// The shared swc hooks: the child runs the package's TypeScript sources as jest does.
const REGISTER = pathToFileURL(require.resolve('@goes-internal/jest-preset/ts-register')).href
const running = new Set<ChildProcess>()
process.once('exit', () => {
  for (const c of running) c.kill('SIGKILL')
})

/** A child node process running a TypeScript script; it reports with JSON lines on stdout. */
export class Child {
  readonly process: ChildProcess
  readonly messages: Record<string, unknown>[] = []
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  readonly #output: string[] = []
  readonly #listeners = new Set<() => void>()

  constructor(script: string, env: Record<string, string>) {
    this.process = spawn(process.execPath, ['--import', REGISTER, join(__dirname, script)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    })
    running.add(this.process)
    createInterface({ input: this.process.stdout! }).on('line', (line) => {
      try {
        this.messages.push(JSON.parse(line))
      } catch {
        this.#output.push(line)
      }
      for (const l of this.#listeners) l()
    })
    createInterface({ input: this.process.stderr! }).on('line', (line) => this.#output.push(`stderr: ${line}`))
    this.exited = new Promise((resolve) =>
      this.process.once('close', (code, signal) => {
        running.delete(this.process)
        for (const l of this.#listeners) l()
        resolve({ code, signal })
      }),
    )
  }

  get output(): string {
    return this.#output.slice(-50).join('\n')
  }

  /** Resolves once `count` messages match; rejects if the child exits first or after `ms`. */
  async waitFor(test: (m: Record<string, unknown>) => boolean, count = 1, ms = 60_000): Promise<void> {
    const deadline = Date.now() + ms
    while (this.messages.filter(test).length < count) {
      if (this.process.exitCode !== null || this.process.signalCode !== null) {
        throw new Error(`the child exited before sending the awaited message:\n${this.output}`)
      }
      if (Date.now() > deadline) throw new Error(`the child sent no awaited message within ${ms} ms:\n${this.output}`)
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer)
          this.#listeners.delete(done)
          resolve()
        }
        const timer = setTimeout(done, 200)
        this.#listeners.add(done)
      })
    }
  }
}
