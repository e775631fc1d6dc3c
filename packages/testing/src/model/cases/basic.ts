import assert from 'node:assert/strict'
import type { CaseDef } from '../../case.js'
import { rejectsWithCode } from '../../util/errors.js'
import {
  assertIncreased,
  assertModel,
  assertVersionNumber,
  expectMissing,
  expectStored,
  modelOf,
  newId,
} from '../check.js'
import { type HarnessOptions, type ModelHarness, testFactory } from '../harness.js'

type Def = CaseDef<ModelHarness, HarnessOptions>

export const basicCases: readonly Def[] = [
  {
    id: 'save.fetch',
    title: 'a saved model is fetched deeply equal at the version save resolved with; a second save replaces it',
    async body(h) {
      const r = await h.withoutFactory()
      const id = newId()
      const first = modelOf(id, 1)
      const v1 = await r.save(id, first)
      assertIncreased(v1, 0, 'the first save')
      await expectStored(r, id, first, v1, 'after one save')
      const second = modelOf(id, 2, { tags: ['a', 'b', 'c'] })
      const v2 = await r.save(id, second)
      assertIncreased(v2, v1, 'the second save')
      await expectStored(r, id, second, v2, 'after a second save')
    },
  },
  {
    id: 'fetch.missing',
    title:
      'without a factory, fetch, fetchVersioned and use of a missing id reject with NOT_FOUND (use never calls its function)',
    async body(h) {
      const r = await h.withoutFactory()
      const id = newId()
      await expectMissing(r, id, 'an id never saved')
      let calls = 0
      await rejectsWithCode(
        () => r.use(id, () => void calls++),
        'NOT_FOUND',
        'use() of an id never saved, without a factory',
      )
      assert.equal(calls, 0, 'use() of a missing model without a factory must not call its function')
      await r.save(newId(), modelOf('other', 1))
      await expectMissing(r, id, 'a missing id beside a stored one')
    },
  },
  {
    id: 'fetch.factory',
    title: "with a factory, a missing id gets the factory's model for that id at version 0; reading stores nothing",
    async body(h) {
      const r = await h.withFactory()
      const id = newId()
      await expectStored(r, id, testFactory(id), 0, 'an id never saved')
      await expectStored(r, id, testFactory(id), 0, 'read again (reading must not store the factory model)')
      const other = newId()
      const v = await r.save(other, modelOf(other, 4))
      await expectStored(r, id, testFactory(id), 0, 'a missing id beside a stored one')
      await expectStored(r, other, modelOf(other, 4), v, 'the stored one')
    },
  },
  {
    id: 'delete',
    title:
      'after delete, fetch finds none (NOT_FOUND, or the factory model); deleting again or an unknown id is fine; saving again works',
    async body(h) {
      const plain = await h.withoutFactory()
      const id = newId()
      await plain.save(id, modelOf(id, 3))
      await plain.delete(id)
      await expectMissing(plain, id, 'after delete (no factory)')
      await plain.delete(id)
      await plain.delete(newId())
      await expectMissing(plain, id, 'after deleting again')
      const again = modelOf(id, 9)
      const v = await plain.save(id, again)
      await expectStored(plain, id, again, v, 'saved after delete')

      const withFactory = await h.withFactory()
      await withFactory.save(id, modelOf(id, 5))
      const deleted = await withFactory.delete(id)
      assertVersionNumber(deleted, 'delete() resolves with the version afterwards')
      await expectStored(withFactory, id, testFactory(id), deleted, 'after delete (with factory)')
      const used = await withFactory.use(id, (m) => void m.count++)
      assertModel(used, { ...testFactory(id), count: 1 }, 'use() after delete starts from the factory model')
    },
  },
  {
    id: 'isolation',
    title: 'models are isolated by id, also for ids that look alike or hold dots, dollars, slashes, spaces and unicode',
    async body(h) {
      const r = await h.withoutFactory()
      const base = newId()
      const ids = [
        base,
        `${base}x`,
        base.slice(0, -1),
        `a.b.${base}`,
        `$${base}`,
        `${base}/c`,
        ` ${base}`,
        `ü 🚀 ${base}`,
        `${base}${'z'.repeat(300)}`,
      ]
      const versions = new Map<string, number>()
      for (let i = 0; i < ids.length; i++) versions.set(ids[i]!, await r.save(ids[i]!, modelOf(ids[i]!, i)))
      await r.delete(ids[0]!)
      const v1 = await r.save(ids[1]!, modelOf(ids[1]!, 100))
      await expectMissing(r, ids[0]!, 'the deleted id')
      await expectStored(r, ids[1]!, modelOf(ids[1]!, 100), v1, `id ${JSON.stringify(ids[1])}, saved again`)
      for (let i = 2; i < ids.length; i++) {
        await expectStored(r, ids[i]!, modelOf(ids[i]!, i), versions.get(ids[i]!)!, `id ${JSON.stringify(ids[i])}`)
      }
    },
  },
]
