// Runs a child process to completion and hands back its output; a failure becomes an error
// that quotes the command and the tail of its output, so a broken tarball explains itself.
import { spawn } from 'node:child_process'

export interface RunOptions {
  readonly cwd: string
  readonly env?: NodeJS.ProcessEnv
}

export interface RunResult {
  readonly stdout: string
  readonly stderr: string
}

function tail(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n')
}

export interface ExitResult extends RunResult {
  /** The exit code, or null when a signal ended the process. */
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
}

/** Runs `command` with `args` to completion; resolves with its output and exit status, whatever it is. */
export function runToExit(command: string, args: readonly string[], options: RunOptions): Promise<ExitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
    })
    child.on('error', (err) => reject(new Error(`Could not start ${command}: ${err.message}`, { cause: err })))
    child.on('close', (code, signal) => resolve({ stdout, stderr, code, signal }))
  })
}

/** Runs `command` with `args`; resolves with its output when it exits with 0, rejects otherwise. */
export async function run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const r = await runToExit(command, args, options)
  if (r.code === 0) return r
  const how = r.signal === null ? `exit code ${r.code}` : `signal ${r.signal}`
  throw new Error(
    `${command} ${args.join(' ')} (in ${options.cwd}) failed with ${how}.\n` +
      `--- stdout ---\n${tail(r.stdout)}\n--- stderr ---\n${tail(r.stderr)}`,
  )
}

/**
 * The environment for tools run in the scratch project: the current one without the `npm_*`
 * variables a package manager sets for scripts, which would otherwise leak the workspace's
 * configuration into the scratch project's npm.
 */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key)) env[key] = value
  }
  return env
}
