import assert from 'node:assert/strict'
import type { CaseDef } from '../../case.js'
import { describeError } from '../../util/errors.js'
import { sleep, within } from '../../util/wait.js'
import { newId } from '../check.js'
import type { HarnessOptions, ModelHarness } from '../harness.js'

type Def = CaseDef<ModelHarness, HarnessOptions>

const WEIGHT = 4

export const raceCases: readonly Def[] = [
  {
    id: 'use.race',
    title: (o) =>
      `${o.model.concurrency} + ${o.model.concurrency} concurrent use() increments of one model ` +
      `${o.model.twin === undefined ? 'through one repository' : 'from two repositories on one storage'} ` +
      `end at exactly ${2 * o.model.concurrency}, each applied once`,
    weight: WEIGHT,
    async body(h, o) {
      const a = await h.withFactory()
      const b = await h.twin(a)
      const id = newId()
      const n = o.model.concurrency
      const labels: string[] = []
      // Each call reads, waits a moment, then saves: the calls really race for the same version.
      const increment = (label: string) => async (m: { count: number; tags: string[] }) => {
        await sleep(1)
        m.count++
        m.tags.push(label)
      }
      const calls: Promise<unknown>[] = []
      for (let i = 0; i < n; i++) {
        for (const [name, repo] of [['a', a.raw] as const, ['b', b.raw] as const]) {
          const label = `${name}${i}`
          labels.push(label)
          calls.push(repo.use(id, increment(label), { attempts: 1_000 }))
        }
      }
      const limit = Math.max(o.model.callTimeout, (o.timeout ?? 60_000) * 0.8 * WEIGHT)
      const results = await within(Promise.allSettled(calls), limit, `${calls.length} racing use() calls`)
      const failed = results.findIndex((r) => r.status === 'rejected')
      if (failed !== -1) {
        const reason = (results[failed] as PromiseRejectedResult).reason
        assert.fail(`racing use() #${failed} of ${calls.length} rejected: ${describeError(reason)}`)
      }
      const stored = await a.fetch(id)
      assert.equal(stored.count, 2 * n, `after ${2 * n} racing increments the count must be ${2 * n}`)
      const applied = [...stored.tags].sort()
      const missing = labels.filter((l) => !applied.includes(l))
      const twice = applied.filter((l, i) => applied[i - 1] === l)
      assert.ok(
        missing.length === 0 && twice.length === 0,
        `every increment must be applied exactly once: missing ${missing.join(', ') || 'none'}, twice ${twice.join(', ') || 'none'}`,
      )
    },
  },
]
