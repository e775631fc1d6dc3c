import { type SnapshotStore, uuid } from '@goes/core'
import type { CaseDef } from '../../case.js'
import { assertSameSnapshot, expectNone, expectVersions, latestOf, newAggregate, snap } from '../helpers.js'
import type { SnapshotOptions } from '../options.js'

type Def = CaseDef<SnapshotStore, SnapshotOptions>

export const cleanupCases: readonly Def[] = [
  {
    id: 'cleanup.keep',
    title: 'cleanup keeps exactly the newest keepLatest snapshots and removes the older ones',
    async body(store) {
      const a = newAggregate()
      // Saved out of order: "newest" means highest version, not last saved.
      for (const v of [4, 9, 1, 7, 2, 10, 3, 8, 5, 6]) await store.save(snap(a.name, a.id, v))
      await store.cleanup(a.name, a.id, { keepLatest: 3 })
      await expectVersions(store, a.name, a.id, [8, 9, 10], 11, 'after cleanup keeping 3 of 1..10')
      assertSameSnapshot(await latestOf(store, a.name, a.id, 'latest after cleanup'), snap(a.name, a.id, 10), 'latest')
      await store.cleanup(a.name, a.id, { keepLatest: 1 })
      await expectVersions(store, a.name, a.id, [10], 11, 'after cleanup keeping 1')
    },
  },
  {
    id: 'cleanup.edges',
    title: 'cleanup keeping more than stored removes nothing, keeping 0 removes all, an unknown aggregate is fine',
    async body(store) {
      const a = newAggregate()
      for (const v of [2, 4, 6]) await store.save(snap(a.name, a.id, v))
      await store.cleanup(a.name, a.id, { keepLatest: 3 })
      await store.cleanup(a.name, a.id, { keepLatest: 50 })
      await expectVersions(store, a.name, a.id, [2, 4, 6], 7, 'after cleanups keeping 3 and 50 of 3')
      await store.cleanup(a.name, uuid(), { keepLatest: 1 })
      await store.cleanup('test.unknown', a.id, { keepLatest: 0 })
      await expectVersions(store, a.name, a.id, [2, 4, 6], 7, 'after cleaning up unknown aggregates')
      await store.cleanup(a.name, a.id, { keepLatest: 0 })
      await expectNone(store, a.name, a.id, 'after cleanup keeping 0')
      await store.save(snap(a.name, a.id, 12))
      assertSameSnapshot(
        await latestOf(store, a.name, a.id, 'saved after cleanup'),
        snap(a.name, a.id, 12),
        'saved after cleanup',
      )
    },
  },
  {
    id: 'delete',
    title:
      'delete removes every snapshot of the aggregate; deleting unknown aggregates is fine; saving afterwards works',
    async body(store) {
      const a = newAggregate()
      for (let v = 1; v <= 5; v++) await store.save(snap(a.name, a.id, v))
      await store.delete(a.name, a.id)
      await expectVersions(store, a.name, a.id, [], 6, 'after delete')
      await store.delete(a.name, a.id)
      await store.delete(a.name, uuid())
      const s = snap(a.name, a.id, 3)
      await store.save(s)
      assertSameSnapshot(await latestOf(store, a.name, a.id, 'saved after delete'), s, 'saved after delete')
    },
  },
]
