// The test support itself: a server of our own restarts on its port, a child script runs the
// package's TypeScript, and a server started by a process dies with that process.
import { type AddressInfo, createServer } from 'node:net'
import { join } from 'node:path'
import { connect } from '@nats-io/transport-node'
import { isPortTaken, NatsServer, spawnScript } from './index.js'

const FIXTURES = join(__dirname, '..', 'fixtures-n2')

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('test support', () => {
  let server: NatsServer | undefined
  afterAll(async () => {
    await server?.dispose()
  })

  it('a server of our own answers, is killed and comes back on the same port', async () => {
    server = await NatsServer.start()
    expect(server.port).not.toBe(4222)
    const nc = await connect({ servers: server.url, reconnectTimeWait: 50, maxReconnectAttempts: -1 })
    try {
      const sub = nc.subscribe('support.echo')
      const statuses = nc.status()
      const pid = server.pid
      await server.restart({ signal: 'SIGKILL' })
      expect(server.pid).not.toBe(pid)
      for await (const s of statuses) if (s.type === 'reconnect') break
      nc.publish('support.echo', 'back')
      for await (const m of sub) {
        expect(m.string()).toBe('back')
        break
      }
    } finally {
      await nc.close()
    }
  })

  it('a port that is taken is a start error naming it', async () => {
    const squatter = createServer().listen(0, '127.0.0.1')
    await new Promise((resolve) => squatter.once('listening', resolve))
    const port = (squatter.address() as AddressInfo).port
    try {
      const err = await NatsServer.start({ port, jetstream: false }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(Error)
      expect(isPortTaken(err)).toBe(true)
    } finally {
      squatter.close()
    }
  })

  it('a server started by a child process dies with it (SIGKILL)', async () => {
    const child = spawnScript(join(FIXTURES, 'own-server.ts'))
    const pid = (await child.waitFor('server')).pid as number
    expect(alive(pid)).toBe(true)
    child.kill('SIGKILL')
    await child.exited
    const deadline = Date.now() + 5000
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect(alive(pid)).toBe(false)
  })
})
