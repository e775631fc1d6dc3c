// Processes: build commands logged to a file (tail shown on failure), servers spawned detached
// with their PID recorded in a state file, and stopping exactly those PIDs.
import { spawn } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname } from 'node:path'

/** Raised for anything the user must fix; bin.mjs prints its message and exits 1. */
export class HarnessError extends Error {}

/** Last `lines` lines of a file, for failure messages. */
export function tail(file, lines = 30) {
  if (!existsSync(file)) return '(no log)'
  const all = readFileSync(file, 'utf8').trimEnd().split('\n')
  return all.slice(-lines).join('\n')
}

/**
 * Runs a build step with stdout/stderr appended to `log`; resolves stdout when it exits 0,
 * rejects with a HarnessError naming `what`, `fix` and the log's tail otherwise.
 */
export function run(cmd, args, { cwd, env, log, what, fix }) {
  mkdirSync(dirname(log), { recursive: true })
  const fd = openSync(log, 'a')
  writeFileSync(fd, `\n$ (cd ${cwd} && ${cmd} ${args.join(' ')})  # ${new Date().toISOString()}\n`)
  return new Promise((resolve, reject) => {
    let stdout = ''
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', fd] })
    child.stdout.on('data', (chunk) => {
      stdout += chunk
      writeFileSync(fd, chunk)
    })
    child.on('error', (err) => {
      closeSync(fd)
      reject(new HarnessError(`${what}: cannot run ${cmd} (${err.message}). Fix: ${fix}`))
    })
    child.on('close', (code, signal) => {
      closeSync(fd)
      if (code === 0) resolve(stdout)
      else
        reject(
          new HarnessError(
            `${what} failed (${cmd} exited ${code ?? signal}). Fix: ${fix}\n--- last lines of ${log}:\n${tail(log)}`,
          ),
        )
    })
  })
}

/** Starts a long-running server detached from us (it outlives this command); output goes to `log`. */
export function startDetached(cmd, args, { cwd, log }) {
  mkdirSync(dirname(log), { recursive: true })
  const fd = openSync(log, 'a')
  writeFileSync(fd, `\n$ ${cmd} ${args.join(' ')}  # ${new Date().toISOString()}\n`)
  const child = spawn(cmd, args, { cwd, detached: true, stdio: ['ignore', fd, fd] })
  closeSync(fd)
  let exited = false
  child.on('exit', () => {
    exited = true
  })
  child.on('error', () => {
    exited = true
  })
  child.unref()
  return { pid: child.pid, alive: () => !exited && child.pid !== undefined }
}

/** True when `pid` runs and its command line mentions `binary` (guards against a reused PID). */
export function runs(pid, binary) {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(binary)
  } catch {
    return true // no /proc (macOS): the signal check has to do
  }
}

/** Stops `pid`: SIGTERM, then SIGKILL after `graceMs`. Resolves how it ended. */
export async function stopPid(pid, binary, graceMs = 5000) {
  if (!runs(pid, binary)) return 'not running'
  process.kill(pid, 'SIGTERM')
  const deadline = Date.now() + graceMs
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50))
    if (!runs(pid, binary)) return 'stopped'
  }
  process.kill(pid, 'SIGKILL')
  return 'killed'
}

/** A TCP port free on loopback right now (for FerretDB's debug listener). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

/** The state file: { "name@host:port": { name, pid, binary, addr, startedAt } } for servers this harness started. */
export function readState(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return {}
  }
}

export function writeState(file, state) {
  mkdirSync(dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`)
  renameSync(tmp, file) // atomic: a concurrent reader never sees half a file
}

/** Seconds since `t0` (a performance.now() value), for the one-line reports. */
export function since(t0) {
  const ms = performance.now() - t0
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}
