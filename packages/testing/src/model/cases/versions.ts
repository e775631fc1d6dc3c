import assert from 'node:assert/strict'
import type { CaseDef } from '../../case.js'
import { rejectsWithCode } from '../../util/errors.js'
import { assertIncreased, expectMissing, expectStored, modelOf, newId, versionOf } from '../check.js'
import { type HarnessOptions, type ModelHarness, testFactory } from '../harness.js'

type Def = CaseDef<ModelHarness, HarnessOptions>

export const versionCases: readonly Def[] = [
  {
    id: 'versions',
    title:
      'versions start at 0 and increase with every save and every delete of a stored model; deleting what is not stored keeps the version',
    async body(h) {
      const r = await h.withFactory()
      const id = newId()
      assert.equal(await versionOf(r, id, 'never saved'), 0, 'an id never saved must be at version 0')
      assert.equal(await r.delete(id), 0, 'delete() of an id never saved must resolve with version 0')
      assert.equal(await versionOf(r, id, 'deleted, never saved'), 0, 'deleting an id never saved must keep version 0')
      let version = 0
      const steps: [string, () => Promise<number>][] = [
        ['save #1', () => r.save(id, modelOf(id, 1))],
        ['save #2', () => r.save(id, modelOf(id, 2))],
        ['delete', () => r.delete(id)],
        ['save after delete', () => r.save(id, modelOf(id, 3))],
        ['save #4', () => r.save(id, modelOf(id, 4))],
        ['delete #2', () => r.delete(id)],
      ]
      for (const [what, step] of steps) {
        const next = await step()
        assertIncreased(next, version, `${what} (after version ${version})`)
        assert.equal(
          await versionOf(r, id, what),
          next,
          `${what}: fetchVersioned must give the version it resolved with`,
        )
        version = next
      }
      assert.equal(await r.delete(id), version, 'deleting a deleted model must resolve with its version, unchanged')
      await expectStored(r, id, testFactory(id), version, 'deleted twice')
    },
  },
  {
    id: 'expected.version',
    title:
      'a save or delete with an expectedVersion that is not the stored one rejects with CONSISTENCY and changes nothing; the matching one is stored',
    async body(h) {
      const r = await h.withFactory()
      const id = newId()
      const created = await r.save(id, modelOf(id, 1), { expectedVersion: 0 })
      assertIncreased(created, 0, 'save with expectedVersion 0 of a new model')
      await expectStored(r, id, modelOf(id, 1), created, 'created with expectedVersion 0')

      const conflicts: [string, () => Promise<unknown>][] = [
        ['save with expectedVersion 0 of a stored model', () => r.save(id, modelOf(id, 90), { expectedVersion: 0 })],
        [
          `save with expectedVersion ${created + 5}`,
          () => r.save(id, modelOf(id, 91), { expectedVersion: created + 5 }),
        ],
        ['delete with expectedVersion 0', () => r.delete(id, { expectedVersion: 0 })],
      ]
      for (const [what, write] of conflicts) {
        await rejectsWithCode(write, 'CONSISTENCY', what)
        await expectStored(r, id, modelOf(id, 1), created, `after the refused ${what}`)
      }

      const saved = await r.save(id, modelOf(id, 2), { expectedVersion: created })
      assertIncreased(saved, created, 'save with the matching expectedVersion')
      await rejectsWithCode(
        () => r.save(id, modelOf(id, 92), { expectedVersion: created }),
        'CONSISTENCY',
        'a second save based on the same (now stale) version',
      )
      await expectStored(r, id, modelOf(id, 2), saved, 'after the stale save')

      const deleted = await r.delete(id, { expectedVersion: saved })
      assertIncreased(deleted, saved, 'delete with the matching expectedVersion')
      await rejectsWithCode(
        () => r.save(id, modelOf(id, 93), { expectedVersion: saved }),
        'CONSISTENCY',
        'a save based on the version read before the delete',
      )
      await expectStored(r, id, testFactory(id), deleted, 'after a stale save over a delete')
      const recreated = await r.save(id, modelOf(id, 3), { expectedVersion: deleted })
      await expectStored(r, id, modelOf(id, 3), recreated, 'saved on the version of the delete')

      const plain = await h.withoutFactory()
      const other = newId()
      await rejectsWithCode(
        () => plain.save(other, modelOf(other, 1), { expectedVersion: 1 }),
        'CONSISTENCY',
        'save with expectedVersion 1 of a model never stored',
      )
      await expectMissing(plain, other, 'after the refused save of a new model')
    },
  },
]
