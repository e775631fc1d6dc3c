import assert from 'node:assert/strict'
import type { CaseDef } from '../../case.js'
import { describeError } from '../../util/errors.js'
import { sleep, within } from '../../util/wait.js'
import { newId } from '../check.js'
import type { BoundedRepository, HarnessOptions, ModelHarness } from '../harness.js'
import type { TestModel } from '../options.js'

type Def = CaseDef<ModelHarness, HarnessOptions>

const WEIGHT = 4

export const raceCases: readonly Def[] = [
  {
    id: 'use.race',
    title: (o) =>
      `${o.model.concurrency} + ${o.model.concurrency} concurrent use() increments of one model ` +
      `${o.model.twin === undefined ? 'through one repository' : 'from two repositories on one storage'} ` +
      `end at exactly ${2 * o.model.concurrency}, each applied once (with and without a pause in the function)`,
    weight: WEIGHT,
    async body(h, o) {
      const a = await h.withFactory()
      const b = await h.twin(a)
      // Half the budget for each round.
      const limit = Math.max(o.model.callTimeout, (o.timeout ?? 60_000) * 0.4 * WEIGHT)
      // With a pause, the calls read and then really race for the same version; without one,
      // saves follow each other closely (a store must still refuse a writer that read long ago).
      await race([a, b], o.model.concurrency, true, limit)
      await race([a, b], o.model.concurrency, false, limit)
    },
  },
]

async function race(repos: readonly BoundedRepository[], n: number, pause: boolean, limit: number): Promise<void> {
  const id = newId()
  const what = `${n * repos.length} racing use() calls ${pause ? 'with' : 'without'} a pause`
  const labels: string[] = []
  const calls: Promise<unknown>[] = []
  for (let i = 0; i < n; i++) {
    for (const [r, repo] of repos.entries()) {
      const label = `${r}.${i}`
      labels.push(label)
      const increment = async (m: TestModel) => {
        if (pause) await sleep(1)
        m.count++
        m.tags.push(label)
      }
      calls.push(repo.raw.use(id, increment, { attempts: 1_000 }))
    }
  }
  const results = await within(Promise.allSettled(calls), limit, what)
  const failed = results.findIndex((r) => r.status === 'rejected')
  if (failed !== -1) {
    const reason = (results[failed] as PromiseRejectedResult).reason
    assert.fail(`${what}: call #${failed} rejected: ${describeError(reason)}`)
  }
  const stored = await repos[0]!.fetch(id)
  assert.equal(stored.count, calls.length, `${what}: the count must end at ${calls.length}`)
  const applied = [...stored.tags].sort()
  const missing = labels.filter((l) => !applied.includes(l))
  const twice = applied.filter((l, i) => applied[i - 1] === l)
  assert.ok(
    missing.length === 0 && twice.length === 0,
    `${what}: every increment must be applied exactly once: missing ${missing.join(', ') || 'none'}, twice ${twice.join(', ') || 'none'}`,
  )
}
