import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'

// A child node process running one of the TypeScript scripts in this folder, as jest runs the
// sources (swc hooks). It reports with JSON lines on stdout; other output is kept for errors.
const REGISTER = require.resolve('@goes-internal/jest-preset/ts-register')
const alive = new Set<ChildProcess>()
process.once('exit', () => {
  for (const c of alive) c.kill('SIGKILL')
})

/** A running script and what it printed. */
export interface Script {
  readonly child: ChildProcess
  /** The JSON lines it printed so far. */
  readonly lines: Record<string, unknown>[]
  /** Resolves with the first JSON line `test` accepts; rejects if the process ends first. */
  until(test: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>
  /** Kills it with SIGKILL and waits until it is gone. */
  kill(): Promise<void>
  /** Everything it wrote that was not a JSON line (the last 40 lines). */
  readonly output: () => string
}

/** Starts `node <script>` (a path relative to this folder) with extra environment variables. */
export function runScript(script: string, env: Record<string, string>): Script {
  const child = spawn(process.execPath, ['--import', REGISTER, `${__dirname}/${script}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  })
  alive.add(child)
  const lines: Record<string, unknown>[] = []
  const text: string[] = []
  const waiters = new Set<() => void>()
  const wake = (): void => {
    for (const w of waiters) w()
  }
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      lines.push(JSON.parse(line) as Record<string, unknown>)
    } catch {
      text.push(line)
    }
    wake()
  })
  createInterface({ input: child.stderr! }).on('line', (line) => text.push(`stderr: ${line}`))
  const exited = new Promise<void>((resolve) =>
    child.once('close', () => {
      alive.delete(child)
      wake()
      resolve()
    }),
  )
  const output = (): string => text.slice(-40).join('\n')
  return {
    child,
    lines,
    output,
    async until(test) {
      for (;;) {
        const hit = lines.find(test)
        if (hit !== undefined) return hit
        if (!alive.has(child)) throw new Error(`${script} ended before the awaited line:\n${output()}`)
        await new Promise<void>((resolve) => {
          const done = (): void => {
            waiters.delete(done)
            resolve()
          }
          waiters.add(done)
        })
      }
    },
    async kill() {
      child.kill('SIGKILL')
      await exited
    },
  }
}
