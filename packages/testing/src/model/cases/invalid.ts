import assert from 'node:assert/strict'
import type { ModelWriteOptions } from '@goes/core'
import type { CaseDef } from '../../case.js'
import { rejectsWithCode } from '../../util/errors.js'
import { abortedSignal, expectMissing, expectStored, modelOf, newId } from '../check.js'
import type { BoundedRepository, HarnessOptions, ModelHarness } from '../harness.js'

type Def = CaseDef<ModelHarness, HarnessOptions>

const BAD_IDS: readonly [string, unknown][] = [
  ['an empty id', ''],
  ['a number id', 42],
  ['an undefined id', undefined],
  ['a null id', null],
  ['an object id', { id: 'x' }],
]

const BAD_COUNTS: readonly unknown[] = [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '1']

/** Asserts `INVALID_OPTION` whose message names `name`, so the user sees what to fix. */
async function invalid(action: () => Promise<unknown>, name: string, what: string): Promise<void> {
  const err = await rejectsWithCode(action, 'INVALID_OPTION', what)
  const message = String((err as { message?: unknown }).message ?? '')
  assert.ok(
    message.includes(name),
    `${what}: the INVALID_OPTION message should name ${name}, got ${JSON.stringify(message)}`,
  )
}

function everyMethod(r: BoundedRepository, id: unknown, options: ModelWriteOptions = {}) {
  const i = id as string
  let calls = 0
  return {
    calls: () => calls,
    methods: [
      ['fetch', () => r.fetch(i, options)],
      ['fetchVersioned', () => r.fetchVersioned(i, options)],
      ['save', () => r.save(i, modelOf('x', 1), options)],
      ['delete', () => r.delete(i, options)],
      ['use', () => r.use(i, () => void calls++, options)],
    ] as [string, () => Promise<unknown>][],
  }
}

export const invalidCases: readonly Def[] = [
  {
    id: 'invalid.id',
    title: 'an empty or non-string id is rejected with INVALID_OPTION by every method, naming the id',
    async body(h) {
      const r = await h.withFactory()
      for (const [what, id] of BAD_IDS) {
        const { methods, calls } = everyMethod(r, id)
        for (const [method, call] of methods) await invalid(call, 'id', `${method}() with ${what}`)
        assert.equal(calls(), 0, `use() with ${what} must not call its function`)
      }
    },
  },
  {
    id: 'invalid.options',
    title: 'a bad attempts or expectedVersion is rejected with INVALID_OPTION naming the option, and nothing is stored',
    async body(h) {
      const r = await h.withoutFactory()
      const id = newId()
      const version = await r.save(id, modelOf(id, 1))
      let calls = 0
      for (const attempts of [0, ...BAD_COUNTS]) {
        await invalid(
          () =>
            r.use(
              id,
              (m) => {
                calls++
                m.count++
              },
              { attempts: attempts as number },
            ),
          'attempts',
          `use() with attempts ${String(attempts)}`,
        )
      }
      assert.equal(calls, 0, 'use() with a bad attempts must not call its function')
      // null too: a write meant to be conditional must not silently overwrite.
      for (const expectedVersion of [...BAD_COUNTS, null]) {
        const options = { expectedVersion: expectedVersion as number }
        const what = `expectedVersion ${typeof expectedVersion === 'string' ? `'${expectedVersion}'` : String(expectedVersion)}`
        await invalid(() => r.save(id, modelOf(id, 2), options), 'expectedVersion', `save() with ${what}`)
        await invalid(() => r.delete(id, options), 'expectedVersion', `delete() with ${what}`)
      }
      await expectStored(r, id, modelOf(id, 1), version, 'after the refused calls')
      const fresh = newId()
      await invalid(
        () => r.save(fresh, modelOf(fresh, 1), { expectedVersion: -1 }),
        'expectedVersion',
        'save() of a new id',
      )
      await expectMissing(r, fresh, 'a new id saved with a bad expectedVersion')
    },
  },
  {
    id: 'abort',
    title:
      'every method with an aborted signal rejects with ABORTED and changes nothing; so does use() aborted between its tries',
    async body(h) {
      const r = await h.withFactory()
      const id = newId()
      const version = await r.save(id, modelOf(id, 1))
      const { methods, calls } = everyMethod(r, id, { signal: abortedSignal() })
      for (const [method, call] of methods) {
        await rejectsWithCode(call, 'ABORTED', `${method}() with an aborted signal`)
      }
      assert.equal(calls(), 0, 'use() with an aborted signal must not call its function')
      await expectStored(r, id, modelOf(id, 1), version, 'after the aborted calls')

      // Aborted while it keeps losing to another writer: use() ends with ABORTED, not CONSISTENCY.
      const other = await h.twin(r)
      const controller = new AbortController()
      let tries = 0
      await rejectsWithCode(
        () =>
          r.use(
            id,
            async (m) => {
              tries++
              await other.save(id, modelOf(id, 100 + tries))
              if (tries === 2) controller.abort(new Error('test abort'))
              m.count = -1
            },
            { attempts: 1_000, signal: controller.signal },
          ),
        'ABORTED',
        'use() aborted while it retries',
      )
      assert.equal(tries, 2, 'use() aborted after its second try must not try again')
      assert.equal((await r.fetch(id)).count, 102, 'the other writer’s last save must be what is stored')
    },
  },
]
