// NTS-6: three handler PROCESSES and one dispatcher PROCESS on the pre-started NATS server: 1,000
// commands, each executed exactly once (the handlers report every execution back over stdout),
// and every synchronous dispatch returns.
import { join } from 'node:path'
import { uuid } from '@goes/core'
import { integration } from '@goes-internal/services/integration'
import { type ChildScript, spawnScript } from './support/index.js'

const nats = integration('nats')
const FIXTURES = join(__dirname, 'fixtures-n2')
const COUNT = 1000

nats.describe('commands across processes', () => {
  const children: ChildScript[] = []
  afterAll(async () => {
    await Promise.all(children.map((c) => c.stop()))
  })

  it('NTS-6: 3 handler processes, 1 dispatcher process, 1,000 commands each executed exactly once, every sync dispatch returns', async () => {
    const env = { NATS_URL: nats.url, PREFIX: `goes.test.nts6${uuid().slice(-12)}`, COMMAND: 'nts6.execute' }
    const handlers = [0, 1, 2].map(() => spawnScript(join(FIXTURES, 'command-handler.ts'), { env }))
    children.push(...handlers)
    await Promise.all(handlers.map((h) => h.waitFor('ready', 60_000)))

    const dispatcher = spawnScript(join(FIXTURES, 'command-dispatcher.ts'), {
      env: { ...env, COUNT: String(COUNT), CONCURRENCY: '32' },
    })
    children.push(dispatcher)
    const ids = (await dispatcher.waitFor('started', 60_000)).ids as string[]
    const done = (await dispatcher.waitFor('done', 120_000)) as unknown as {
      ok: string[]
      failed: { id: string; code: string }[]
      ms: number
      p50: number
      p99: number
    }
    expect((await dispatcher.exited).code).toBe(0)
    // Late duplicates would arrive after the dispatches returned: give them a moment, then stop.
    await new Promise((resolve) => setTimeout(resolve, 500))
    await Promise.all(handlers.map((h) => h.stop()))

    const perHandler = handlers.map((h) => h.messages.filter((m) => m.type === 'executed').map((m) => m.id as string))
    const executions = new Map<string, number>()
    for (const id of perHandler.flat()) executions.set(id, (executions.get(id) ?? 0) + 1)
    const twice = [...executions].filter(([, n]) => n > 1)
    const errors = handlers.flatMap((h) => h.messages.filter((m) => m.type === 'error'))
    console.log(
      `NTS-6: ${done.ok.length} of ${COUNT} sync dispatches returned in ${Math.round(done.ms)} ms ` +
        `(p50 ${done.p50.toFixed(2)} ms, p99 ${done.p99.toFixed(2)} ms), ${done.failed.length} failed; ` +
        `executions per handler process: ${perHandler.map((p) => p.length).join(' / ')}; executed twice: ${twice.length}`,
    )

    expect(done.failed).toEqual([])
    expect(new Set(done.ok)).toEqual(new Set(ids))
    expect(ids).toHaveLength(COUNT)
    expect(twice).toEqual([])
    expect(new Set(executions.keys())).toEqual(new Set(ids))
    expect(perHandler.every((p) => p.length > 0)).toBe(true)
    expect(errors).toEqual([])
  }, 240_000)
})
