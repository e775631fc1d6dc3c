// Free loopback ports for servers a test starts. The OS picks each one (listen on port 0); all
// are held open until every one is picked, so one call never returns the same port twice.
import { createServer, type Server } from 'node:net'

/**
 * Returns `count` distinct TCP ports that were free on 127.0.0.1 a moment ago.
 *
 * @example
 * ```ts
 * const [client, cluster] = await freePorts(2)
 * ```
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = []
  try {
    const ports: number[] = []
    for (let i = 0; i < count; i++) {
      const server = createServer()
      servers.push(server)
      ports.push(
        await new Promise<number>((resolve, reject) => {
          server.once('error', reject)
          server.listen(0, '127.0.0.1', () => {
            const address = server.address()
            if (address === null || typeof address === 'string') reject(new Error('no TCP port was assigned'))
            else resolve(address.port)
          })
        }),
      )
    }
    return ports
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))))
  }
}
