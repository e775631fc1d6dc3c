import assert from 'node:assert/strict'
import { advanceProgress, type ProjectionProgress, progressCovers, progressTime, uuid } from '@goes/core'
import type { CaseDef } from '../../case.js'
import { assertModel, expectStored, modelOf, newId } from '../check.js'
import type { HarnessOptions, ModelHarness } from '../harness.js'
import type { TestModel } from '../options.js'

type Def = CaseDef<ModelHarness, HarnessOptions>

// Plain data a JSON or BSON store keeps: nesting, unicode, number edges, nulls, empty
// containers, keys with dots and dollars, arrays of arrays, a large string.
const DATA: readonly unknown[] = [
  {
    nested: { a: { b: { c: [1, { d: 'deep', e: [{}, { f: [] }] }] } } },
    text: 'quotes " and \\ backslash, line\nbreak, tab\t, e\u0301, 👩‍👩‍👧, ägg — 卵',
    numbers: [0, 1, -1, 42.5, 0.1, 1e-7, 1e21, 2 ** 31, 2 ** 53 - 1, -(2 ** 53 - 1), 5e-324],
    flags: [true, false],
    nothing: null,
    empty: { object: {}, array: [], string: '' },
    'key with spaces': 1,
    'dot.key': 2,
    $dollar: 3,
  },
  [1, 'two', { three: 3 }, null, [], {}],
  [
    [1, 2],
    [['x'], []],
  ],
  'a string 🚀',
  '',
  123.5,
  0,
  null,
  false,
  { big: 'x'.repeat(100 * 1024) },
]

export const dataCases: readonly Def[] = [
  {
    id: 'data.roundtrip',
    title: 'plain data round-trips deeply equal: nesting, unicode, number edges, null, empty containers, odd keys',
    async body(h) {
      const r = await h.withoutFactory()
      for (let i = 0; i < DATA.length; i++) {
        const id = newId(`data${i}`)
        const model = modelOf(id, i, { data: DATA[i] })
        const version = await r.save(id, model)
        await expectStored(r, id, model, version, `data #${i}`)
      }
    },
  },
  {
    id: 'progress.roundtrip',
    title:
      'a model holding a projection progress round-trips exactly (nanosecond time, ids in order), also as advanced by use()',
    async body(h) {
      const r = await h.withFactory()
      const id = newId()
      // One nanosecond apart: a store that turned the time into a number would lose that.
      const time = 1_700_000_000_123_456_789n
      const [a, b, c, d] = [uuid(), uuid(), uuid(), uuid()]
      const progress: ProjectionProgress = { time: time.toString(), ids: [b, a] }
      const model = modelOf(id, 1, { progress })
      await expectStored(r, id, model, await r.save(id, model), 'saved with a progress')

      const used = await r.use(id, (m) => {
        m.progress = advanceProgress(m.progress!, [
          { id: c, timeNano: time },
          { id: a, timeNano: time }, // applied before: no duplicate
        ])
        m.count++
      })
      const want: TestModel = { ...model, count: 2, progress: { time: time.toString(), ids: [b, a, c] } }
      assertModel(used, want, 'use() resolved with')
      const fetched = await r.fetch(id)
      assertModel(fetched, want, 'fetched after use()')
      assert.equal(progressTime(fetched.progress!), time, 'the progress time must come back to the nanosecond')
      for (const [eid, t, covered] of [
        [a, time, true],
        [c, time, true],
        [d, time, false],
        [d, time - 1n, true],
        [a, time + 1n, false],
      ] as const) {
        assert.equal(
          progressCovers(fetched.progress!, { id: eid, timeNano: t }),
          covered,
          `the fetched progress must ${covered ? '' : 'not '}cover an event at ${t - time} ns from its time`,
        )
      }

      const next = await r.use(id, (m) => ({
        ...m,
        progress: advanceProgress(m.progress!, [{ id: d, timeNano: time + 1n }]),
      }))
      assertModel(next.progress, { time: (time + 1n).toString(), ids: [d] }, 'a later event restarts the ids')
      assertModel(await r.fetch(id), next, 'fetched after the progress moved on')

      const empty = newId()
      const fresh = modelOf(empty, 0, { progress: { time: '', ids: [] } })
      await expectStored(r, empty, fresh, await r.save(empty, fresh), 'the empty progress (empty string and array)')
    },
  },
  {
    id: 'copy',
    title: 'the repository keeps a copy: changing a saved, fetched or use()d model in place changes nothing stored',
    async body(h) {
      const r = await h.withFactory()
      const id = newId()
      const model = modelOf(id, 1, { data: { nested: { flag: true } } })
      const version = await r.save(id, model)
      const want = modelOf(id, 1, { data: { nested: { flag: true } } })
      // The caller keeps changing the object it saved.
      model.count = 99
      model.tags.push('after save')
      ;(model.data as { nested: { flag: boolean } }).nested.flag = false
      await expectStored(r, id, want, version, 'after changing the saved object')

      const fetched = await r.fetch(id)
      fetched.count = 7
      fetched.tags.push('after fetch')
      await expectStored(r, id, want, version, 'after changing a fetched model')
      const versioned = await r.fetchVersioned(id)
      versioned.model.tags.length = 0
      await expectStored(r, id, want, version, 'after changing a model from fetchVersioned')

      const used = await r.use(id, (m) => void m.count++)
      const afterUse = await r.fetchVersioned(id)
      used.count = 1_000
      used.tags.push('after use')
      await expectStored(r, id, { ...want, count: 2 }, afterUse.version, 'after changing what use() resolved with')
    },
  },
]
