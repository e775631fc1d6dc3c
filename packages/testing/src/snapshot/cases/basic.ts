import assert from 'node:assert/strict'
import { type SnapshotStore, uuid } from '@goes/core'
import type { CaseDef } from '../../case.js'
import { assertSameSnapshot, expectNone, expectVersions, latestOf, newAggregate, snap } from '../helpers.js'
import type { SnapshotOptions } from '../options.js'

type Def = CaseDef<SnapshotStore, SnapshotOptions>

export const basicCases: readonly Def[] = [
  {
    id: 'save.latest',
    title: 'a saved snapshot is the latest of its aggregate, deeply equal',
    async body(store) {
      const a = newAggregate()
      const s = snap(a.name, a.id, 7)
      await store.save(s)
      assertSameSnapshot(await latestOf(store, a.name, a.id, 'after one save'), s, 'after one save')
    },
  },
  {
    id: 'latest.highest',
    title: 'latest is the highest version, whatever order the snapshots were saved in',
    async body(store) {
      const a = newAggregate()
      const versions = [30, 10, 50, 20, 40]
      for (const v of versions) await store.save(snap(a.name, a.id, v))
      assertSameSnapshot(
        await latestOf(store, a.name, a.id, 'highest'),
        snap(a.name, a.id, 50),
        'saved as 30, 10, 50, 20, 40',
      )
    },
  },
  {
    id: 'latest.maxVersion',
    title: 'latest with maxVersion is the highest version at or below it; below the first it is undefined',
    async body(store) {
      const a = newAggregate()
      for (const v of [10, 20, 30]) await store.save(snap(a.name, a.id, v))
      const cases: [number, number | undefined][] = [
        [0, undefined],
        [9, undefined],
        [10, 10],
        [11, 10],
        [25, 20],
        [29, 20],
        [30, 30],
        [1_000_000, 30],
      ]
      for (const [max, want] of cases) {
        const what = `maxVersion ${max} over versions 10, 20, 30`
        if (want === undefined) await expectNone(store, a.name, a.id, what, max)
        else assertSameSnapshot(await latestOf(store, a.name, a.id, what, max), snap(a.name, a.id, want), what)
      }
    },
  },
  {
    id: 'latest.unknown',
    title:
      'latest of an aggregate without snapshots resolves with undefined (empty store, and beside other aggregates)',
    async body(store) {
      const a = newAggregate()
      await expectNone(store, a.name, a.id, 'empty store')
      await store.save(snap(a.name, a.id, 3))
      await expectNone(store, a.name, uuid(), 'same name, other id')
      await expectNone(store, 'test.other', a.id, 'same id, other name')
      await expectNone(store, `${a.name}x`, a.id, 'a name that extends the stored one')
    },
  },
  {
    id: 'save.replace',
    title: 'saving a version that is stored replaces it (one snapshot per version)',
    async body(store) {
      const a = newAggregate()
      await store.save(snap(a.name, a.id, 4, { text: 'first' }))
      await store.save(snap(a.name, a.id, 5, { text: 'five' }))
      const second = snap(a.name, a.id, 4, { text: 'second' })
      await store.save(second)
      assertSameSnapshot(await latestOf(store, a.name, a.id, 'replaced', 4), second, 'version 4 saved twice')
      await expectNone(store, a.name, a.id, 'nothing below version 4', 3)
      await expectVersions(store, a.name, a.id, [4, 5], 6, 'after saving 4, 5, 4')
    },
  },
  {
    id: 'isolation',
    title: 'aggregates are isolated: same name other id, same id other name, each has its own latest',
    async body(store) {
      const ids = [uuid(), uuid(), uuid()]
      const names = ['test.alpha', 'test.beta']
      const expected = new Map<string, number>()
      let n = 0
      for (const name of names) {
        for (const id of ids) {
          const top = 3 + n++ * 2 // different heights per aggregate
          for (let v = 1; v <= top; v += 2) await store.save(snap(name, id, v, { name, id, v }))
          expected.set(`${name} ${id}`, top)
        }
      }
      for (const name of names) {
        for (const id of ids) {
          const top = expected.get(`${name} ${id}`)!
          const what = `aggregate ${name} ${id}`
          assertSameSnapshot(await latestOf(store, name, id, what), snap(name, id, top, { name, id, v: top }), what)
        }
      }
      await store.delete(names[0]!, ids[0]!)
      await store.cleanup(names[1]!, ids[1]!, { keepLatest: 0 })
      await expectNone(store, names[0]!, ids[0]!, 'the deleted aggregate')
      await expectNone(store, names[1]!, ids[1]!, 'the cleaned-up aggregate')
      for (const [name, id] of [
        [names[0]!, ids[1]!],
        [names[1]!, ids[0]!],
        [names[0]!, ids[2]!],
        [names[1]!, ids[2]!],
      ] as const) {
        const got = await latestOf(store, name, id, 'a neighbour of a deleted aggregate')
        assert.equal(
          got?.version,
          expected.get(`${name} ${id}`),
          `deleting ${names[0]} ${ids[0]} and cleaning up ${names[1]} ${ids[1]} must not touch ${name} ${id}`,
        )
      }
    },
  },
]
