import assert from 'node:assert/strict'
import { type SnapshotStore, uuid } from '@goes/core'
import type { CaseDef } from '../../case.js'
import { describeError } from '../../util/errors.js'
import { assertSameSnapshot, expectVersions, latestOf, newAggregate, snap } from '../helpers.js'
import type { SnapshotOptions } from '../options.js'

type Def = CaseDef<SnapshotStore, SnapshotOptions>

async function allSettledOk(ops: readonly Promise<unknown>[], what: string): Promise<void> {
  const results = await Promise.allSettled(ops)
  const failed = results.findIndex((r) => r.status === 'rejected')
  if (failed !== -1) {
    const r = results[failed] as PromiseRejectedResult
    assert.fail(`${what}: operation #${failed} of ${ops.length} rejected: ${describeError(r.reason)}`)
  }
}

export const concurrencyCases: readonly Def[] = [
  {
    id: 'concurrent.versions',
    title: 'parallel saves of different versions of one aggregate are all stored; latest is the highest',
    async body(store, o) {
      const a = newAggregate()
      const versions = Array.from({ length: o.concurrency }, (_, i) => (i + 1) * 3)
      // Started highest first, so "last write wins" would leave the lowest as latest.
      await allSettledOk(
        [...versions].reverse().map((v) => store.save(snap(a.name, a.id, v))),
        'parallel saves of one aggregate',
      )
      const top = versions[versions.length - 1]!
      assertSameSnapshot(await latestOf(store, a.name, a.id, 'after parallel saves'), snap(a.name, a.id, top), 'latest')
      await expectVersions(store, a.name, a.id, versions, top + 1, 'after parallel saves')
    },
  },
  {
    id: 'concurrent.aggregates',
    title: 'parallel saves, latests and cleanups across many aggregates do not interfere',
    async body(store, o) {
      const aggregates = Array.from({ length: o.concurrency }, (_, i) => ({
        name: i % 2 === 0 ? 'test.even' : 'test.odd',
        id: uuid(),
      }))
      await allSettledOk(
        aggregates.flatMap((a, i) => [1, 2, 3, 4].map((v) => store.save(snap(a.name, a.id, v * (i + 1), { i, v })))),
        'parallel saves of many aggregates',
      )
      // Half of them are cleaned up to one snapshot while the other half are read.
      const reads: Promise<unknown>[] = []
      await allSettledOk(
        aggregates.map((a, i) =>
          i % 2 === 0 ? store.cleanup(a.name, a.id, { keepLatest: 1 }) : (reads[i] = store.latest(a.name, a.id)),
        ),
        'parallel cleanups and reads',
      )
      for (let i = 0; i < aggregates.length; i++) {
        const a = aggregates[i]!
        const versions = [1, 2, 3, 4].map((v) => v * (i + 1))
        const kept = i % 2 === 0 ? versions.slice(-1) : versions
        await expectVersions(
          store,
          a.name,
          a.id,
          kept,
          4 * (i + 1) + 1,
          `aggregate #${i} (${i % 2 === 0 ? 'cleaned up' : 'untouched'})`,
        )
        const want = snap(a.name, a.id, 4 * (i + 1), { i, v: 4 })
        assertSameSnapshot(await latestOf(store, a.name, a.id, `aggregate #${i}`), want, `aggregate #${i}`)
      }
    },
  },
  {
    id: 'concurrent.same-version',
    title: 'parallel saves of one version with different states leave exactly one of them, intact',
    async body(store, o) {
      const a = newAggregate()
      const states = Array.from({ length: o.concurrency }, (_, i) => ({
        writer: i,
        items: Array.from({ length: 50 }, () => i),
      }))
      await allSettledOk(
        states.map((state) => store.save(snap(a.name, a.id, 5, state))),
        'parallel saves of version 5',
      )
      const got = await latestOf(store, a.name, a.id, 'after racing saves of one version')
      assert.ok(got !== undefined, 'after racing saves of version 5: no snapshot is stored')
      const writer = (got.state as { writer?: unknown }).writer
      const winner = states.find((s) => s.writer === writer)
      assert.ok(
        winner !== undefined,
        `after racing saves: the stored state is none of the saved ones: ${JSON.stringify(got.state).slice(0, 200)}`,
      )
      assertSameSnapshot(got, snap(a.name, a.id, 5, winner), 'the winner of racing saves (not a mix of two)')
      // Reading again gives the same winner: the store settled on one state.
      assertSameSnapshot(await latestOf(store, a.name, a.id, 'read again'), snap(a.name, a.id, 5, winner), 'read again')
    },
  },
]
