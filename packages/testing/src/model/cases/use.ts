import assert from 'node:assert/strict'
import type { CaseDef } from '../../case.js'
import { describeError, rejectsWithCode } from '../../util/errors.js'
import { sleep } from '../../util/wait.js'
import { assertIncreased, assertModel, expectStored, modelOf, newId, versionOf } from '../check.js'
import { type HarnessOptions, type ModelHarness, testFactory } from '../harness.js'
import type { TestModel } from '../options.js'

type Def = CaseDef<ModelHarness, HarnessOptions>

export const useCases: readonly Def[] = [
  {
    id: 'use.change',
    title:
      'use() changes a model in place or by returning a new one, also asynchronously, and resolves with the saved model',
    async body(h) {
      const r = await h.withFactory()
      const id = newId()
      const steps: [string, (m: TestModel) => TestModel | undefined | Promise<TestModel | undefined>, TestModel][] = [
        ['in place', (m) => void m.count++, { ...testFactory(id), count: 1 }],
        [
          'returning a new model',
          (m) => ({ ...m, tags: [...m.tags, 'new'] }),
          { ...testFactory(id), count: 1, tags: ['new'] },
        ],
        [
          'async, in place',
          async (m) => {
            await sleep(1)
            m.count += 10
            return undefined
          },
          { ...testFactory(id), count: 11, tags: ['new'] },
        ],
        [
          'async, returning a new model',
          async (m) => {
            await sleep(1)
            return { ...m, data: { last: true } }
          },
          { ...testFactory(id), count: 11, tags: ['new'], data: { last: true } },
        ],
      ]
      let version = await versionOf(r, id, 'before use()')
      for (const [what, fn, want] of steps) {
        assertModel(await r.use(id, fn), want, `use() ${what} resolves with the saved model`)
        const next = await versionOf(r, id, `after use() ${what}`)
        assertIncreased(next, version, `use() ${what}`)
        await expectStored(r, id, want, next, `after use() ${what}`)
        version = next
      }
      // Without a factory, use() works on a stored model.
      const plain = await h.withoutFactory()
      const other = newId()
      await plain.save(other, modelOf(other, 5))
      assertModel(
        await plain.use(other, (m) => void m.count++),
        { ...modelOf(other, 5), count: 6 },
        'use() without a factory',
      )
    },
  },
  {
    id: 'use.error',
    title: 'a use() function that throws or rejects saves nothing, and use() rejects with that same error',
    async body(h) {
      const r = await h.withFactory()
      const id = newId()
      const version = await r.save(id, modelOf(id, 5))
      for (const [what, fn] of [
        [
          'throws',
          (m: TestModel) => {
            m.count = 100
            failWith('thrown')
          },
        ],
        [
          'rejects',
          async (m: TestModel) => {
            m.count = 200
            await sleep(1)
            failWith('rejected')
          },
        ],
      ] as const) {
        let caught: unknown
        try {
          await r.use(id, fn)
        } catch (err) {
          caught = err
        }
        assert.ok(
          caught instanceof UseFailure,
          `use() whose function ${what}: expected its own error back, got ${caught === undefined ? 'a resolve' : describeError(caught)}`,
        )
        await expectStored(r, id, modelOf(id, 5), version, `after use() whose function ${what}`)
      }
    },
  },
  {
    id: 'use.stale',
    title:
      'a use() whose model went stale while its function ran (other saves, a delete) runs again on the newest model: nothing is lost',
    async body(h) {
      const r = await h.withFactory()
      const other = await h.twin(r)
      const id = newId()
      await r.save(id, modelOf(id, 1))
      // Three saves while the function runs: a repository that checks only the next version
      // (and pruned the older ones) would take the stale result.
      for (const writes of [1, 3]) {
        const seen: number[] = []
        const start = (await r.fetch(id)).count
        const saved = await r.use(id, async (m) => {
          seen.push(m.count)
          if (seen.length === 1) for (let i = 1; i <= writes; i++) await other.save(id, modelOf(id, start + 10 * i))
          m.count++
        })
        const want = start + 10 * writes + 1
        assert.deepEqual(
          seen,
          [start, start + 10 * writes],
          `use() with ${writes} other save(s) while its function ran must run it again on the newest model`,
        )
        assert.equal(
          saved.count,
          want,
          `use() with ${writes} other save(s): resolves with the model built on the newest`,
        )
        assert.equal((await r.fetch(id)).count, want, `use() with ${writes} other save(s): the stored count`)
      }
      // A delete while the function runs: it runs again on the factory model.
      const seen: number[] = []
      const saved = await r.use(id, async (m) => {
        seen.push(m.count)
        if (seen.length === 1) {
          await other.save(id, modelOf(id, 500))
          await other.delete(id)
        }
        m.count++
      })
      assert.deepEqual(seen.slice(1), [0], 'after a delete, use() must run again on the factory model')
      assert.equal(saved.count, 1, 'use() after a delete: the saved count')
      assert.equal((await r.fetch(id)).count, 1, 'use() after a delete: the stored count')
    },
  },
  {
    id: 'use.attempts',
    title:
      'use() gives up with CONSISTENCY after `attempts` tries (10 by default) when another writer always wins, having run its function that often',
    weight: 2,
    async body(h) {
      const r = await h.withFactory()
      const other = await h.twin(r)
      const id = newId()
      for (const attempts of [3, undefined]) {
        let calls = 0
        await rejectsWithCode(
          () =>
            r.use(
              id,
              async (m) => {
                calls++
                await other.save(id, modelOf(id, 1_000 + calls)) // the other writer saves first, every time
                m.count = -1
              },
              attempts === undefined ? {} : { attempts },
            ),
          'CONSISTENCY',
          `use() losing every race${attempts === undefined ? '' : ` with { attempts: ${attempts} }`}`,
        )
        assert.equal(
          calls,
          attempts ?? 10,
          `use() ${attempts === undefined ? 'by default' : `with { attempts: ${attempts} }`} must try exactly ${attempts ?? 10} times`,
        )
        assert.equal((await r.fetch(id)).count, 1_000 + calls, 'the other writer’s last save must be what is stored')
      }
    },
  },
]

class UseFailure extends Error {}

function failWith(message: string): never {
  throw new UseFailure(message)
}
