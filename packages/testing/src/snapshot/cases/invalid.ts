import { NIL_UUID, type Snapshot, type SnapshotStore } from '@goes/core'
import type { CaseDef } from '../../case.js'
import { rejectsWithCode } from '../../util/errors.js'
import { expectNone, expectVersions, newAggregate, snap } from '../helpers.js'
import type { SnapshotOptions } from '../options.js'

type Def = CaseDef<SnapshotStore, SnapshotOptions>

function aborted(): AbortSignal {
  const c = new AbortController()
  c.abort(new Error('test abort'))
  return c.signal
}

export const invalidCases: readonly Def[] = [
  {
    id: 'invalid.snapshot',
    title: 'a malformed snapshot is rejected with its typed error and stores nothing',
    async body(store) {
      const a = newAggregate()
      const good = snap(a.name, a.id, 3)
      const bad: [string, unknown, Parameters<typeof rejectsWithCode>[1]][] = [
        ['empty aggregate name', { ...good, aggregateName: '' }, 'INVALID_NAME'],
        ['aggregate name that is not a string', { ...good, aggregateName: 42 }, 'INVALID_NAME'],
        ['aggregate id that is not a UUID', { ...good, aggregateId: 'abc' }, 'INVALID_UUID'],
        ['nil aggregate id', { ...good, aggregateId: NIL_UUID }, 'NIL_UUID'],
        ['version 0', { ...good, version: 0 }, 'INVALID_VERSION'],
        ['negative version', { ...good, version: -2 }, 'INVALID_VERSION'],
        ['fractional version', { ...good, version: 2.5 }, 'INVALID_VERSION'],
        ['version as a string', { ...good, version: '3' }, 'INVALID_VERSION'],
        ['time that is not a Date', { ...good, time: '2024-01-01' }, 'INVALID_TIME'],
        ['invalid Date', { ...good, time: new Date(Number.NaN) }, 'INVALID_TIME'],
      ]
      for (const [what, s, code] of bad) {
        await rejectsWithCode(() => store.save(s as Snapshot), code, `save() of a snapshot with ${what}`)
      }
      await expectNone(store, a.name, a.id, 'after rejected saves')
    },
  },
  {
    id: 'invalid.options',
    title: 'bad arguments of latest, cleanup and delete are rejected with typed errors and change nothing',
    async body(store) {
      const a = newAggregate()
      for (const v of [1, 2, 3]) await store.save(snap(a.name, a.id, v))
      await rejectsWithCode(() => store.latest('', a.id), 'INVALID_NAME', 'latest() with an empty name')
      await rejectsWithCode(() => store.latest(a.name, 'abc'), 'INVALID_UUID', 'latest() with a bad id')
      await rejectsWithCode(
        () => store.latest(a.name, a.id, { maxVersion: -1 }),
        'INVALID_OPTION',
        'latest() with maxVersion -1',
      )
      await rejectsWithCode(
        () => store.latest(a.name, a.id, { maxVersion: 1.5 }),
        'INVALID_OPTION',
        'latest() with maxVersion 1.5',
      )
      await rejectsWithCode(
        () => store.cleanup(a.name, a.id, { keepLatest: -1 }),
        'INVALID_OPTION',
        'cleanup() keeping -1',
      )
      await rejectsWithCode(
        () => store.cleanup(a.name, a.id, {} as { keepLatest: number }),
        'INVALID_OPTION',
        'cleanup() without keepLatest',
      )
      await rejectsWithCode(
        () => store.cleanup(a.name, NIL_UUID, { keepLatest: 1 }),
        'NIL_UUID',
        'cleanup() of the nil id',
      )
      await rejectsWithCode(() => store.delete('', a.id), 'INVALID_NAME', 'delete() with an empty name')
      await rejectsWithCode(() => store.delete(a.name, 'abc'), 'INVALID_UUID', 'delete() with a bad id')
      await expectVersions(store, a.name, a.id, [1, 2, 3], 4, 'after the rejected calls')
    },
  },
  {
    id: 'abort',
    title: 'save, latest, cleanup and delete with an aborted signal reject with ABORTED and change nothing',
    async body(store) {
      const a = newAggregate()
      await store.save(snap(a.name, a.id, 1))
      await store.save(snap(a.name, a.id, 2))
      const signal = aborted()
      await rejectsWithCode(
        () => store.save(snap(a.name, a.id, 3), { signal }),
        'ABORTED',
        'save() with an aborted signal',
      )
      await rejectsWithCode(() => store.latest(a.name, a.id, { signal }), 'ABORTED', 'latest() with an aborted signal')
      await rejectsWithCode(
        () => store.cleanup(a.name, a.id, { keepLatest: 0, signal }),
        'ABORTED',
        'cleanup() with an aborted signal',
      )
      await rejectsWithCode(() => store.delete(a.name, a.id, { signal }), 'ABORTED', 'delete() with an aborted signal')
      await expectVersions(store, a.name, a.id, [1, 2], 4, 'after the aborted calls')
    },
  },
]
