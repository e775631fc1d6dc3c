// Every process a test starts (nats-server, child scripts) is registered here and killed with
// SIGKILL when the test process ends, however it ends:
// - a normal exit (jest worker done, a failed test, process.exit): a process 'exit' handler;
// - the test process itself killed or crashed: a small detached watchdog holds the same pids
//   and kills them once its stdin — a pipe from us — closes, which the kernel does for us.
// A server a test forgot to stop therefore never outlives the test run.
import { type ChildProcess, spawn } from 'node:child_process'

const WATCHDOG = `
const pids = new Set()
let buffered = ''
process.stdin.setEncoding('utf8')
process.stdin.on('data', (chunk) => {
  buffered += chunk
  for (let i = buffered.indexOf('\\n'); i >= 0; i = buffered.indexOf('\\n')) {
    const line = buffered.slice(0, i)
    buffered = buffered.slice(i + 1)
    const pid = Number(line.slice(1))
    if (line[0] === '+') pids.add(pid)
    else pids.delete(pid)
  }
})
const reap = () => {
  for (const pid of pids) try { process.kill(pid, 'SIGKILL') } catch {}
  process.exit(0)
}
process.stdin.on('end', reap)
process.stdin.on('close', reap)
process.stdin.on('error', reap)
`

const live = new Map<number, ChildProcess>()
let watchdog: ChildProcess | undefined
let hooked = false

function tellWatchdog(line: string): void {
  if (watchdog === undefined) {
    watchdog = spawn(process.execPath, ['-e', WATCHDOG], { stdio: ['pipe', 'ignore', 'ignore'], detached: true })
    watchdog.stdin?.on('error', () => {}) // the watchdog died: the exit handler still covers us
    watchdog.unref()
    ;(watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.()
  }
  watchdog.stdin?.write(`${line}\n`)
}

function killAll(): void {
  for (const child of live.values()) {
    try {
      child.kill('SIGKILL')
    } catch {}
  }
  live.clear()
}

/**
 * Registers a started process to be killed with SIGKILL when this process ends. It is
 * unregistered by itself when it exits.
 *
 * @example
 * ```ts
 * const child = reap(spawn(natsServerBin(), args))
 * ```
 */
export function reap<C extends ChildProcess>(child: C): C {
  const pid = child.pid
  if (pid === undefined) return child // failed to spawn: its 'error' event says why
  if (!hooked) {
    hooked = true
    process.once('exit', killAll)
  }
  live.set(pid, child)
  tellWatchdog(`+${pid}`)
  child.once('exit', () => {
    live.delete(pid)
    tellWatchdog(`-${pid}`)
  })
  return child
}

/** Kills every process still registered (SIGKILL). For an afterAll of last resort. */
export function reapAll(): void {
  killAll()
}
