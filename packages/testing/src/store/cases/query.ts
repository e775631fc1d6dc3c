import assert from 'node:assert/strict'
import { type EventStore, isGoesError, newEvent, validateQuery } from '@goes/core'
import type { CaseDef } from '../../case.js'
import { describeError, rejectsWithCode } from '../../util/errors.js'
import { show } from '../../util/random.js'
import { checkProbe } from '../check.js'
import { type Dataset, insertDataset } from '../dataset.js'
import { queryAll } from '../helpers.js'
import type { StoreOptions } from '../options.js'
import {
  FILTER_GROUPS,
  filterProbes,
  MALFORMED_QUERIES,
  type Probe,
  randomQuery,
  SORT_GROUPS,
  sortProbes,
} from '../queries.js'

type Def = CaseDef<EventStore, StoreOptions>

/** One case per group of probes: insert the generated data, check every probe of the group. */
function probeCases(
  prefix: string,
  what: (group: string) => string,
  groups: readonly string[],
  probes: (ds: Dataset) => Record<string, Probe[]>,
): Def[] {
  return groups.map(
    (group): Def => ({
      id: `${prefix}.${group}`,
      title: `${what(group)}, checked against the in-memory matcher on generated data`,
      async body(store, o) {
        const ds = await insertDataset(store, o.seed, o.queryEvents)
        for (const probe of probes(ds)[group]!) await checkProbe(store, ds, probe, `${prefix}.${group}`)
      },
    }),
  )
}

export const queryCases: readonly Def[] = [
  {
    id: 'query.all',
    title: 'a query without filter (undefined and {}) returns every event, deeply equal',
    async body(store, o) {
      const ds = await insertDataset(store, o.seed, o.queryEvents)
      await checkProbe(store, ds, { label: 'undefined', q: undefined, expect: 'any' }, 'query.all')
      await checkProbe(store, ds, { label: '{}', q: {}, expect: 'any' }, 'query.all')
    },
  },
  ...probeCases(
    'query.filter',
    (g) => (g === 'combined' ? 'filters combined' : `the ${g} filter alone, in all its forms`),
    FILTER_GROUPS,
    filterProbes,
  ),
  ...probeCases(
    'query.sort',
    (g) =>
      g === 'multi' ? 'multi-key sorts' : g === 'filtered' ? 'sorts of filtered queries' : `sort by ${g}, asc and desc`,
    SORT_GROUPS,
    sortProbes,
  ),
  {
    id: 'query.random',
    title: (o) => `${o.randomQueries} random valid queries agree with the in-memory matcher and sort`,
    weight: 3,
    async body(store, o) {
      const ds = await insertDataset(store, o.seed, o.queryEvents)
      for (let i = 0; i < o.randomQueries; i++) {
        await checkProbe(store, ds, { label: `#${i}`, q: randomQuery(ds), expect: 'any' }, 'query.random')
      }
    },
  },
  {
    id: 'query.invalid',
    title: 'a malformed query rejects with INVALID_QUERY',
    async body(store, o) {
      await insertDataset(store, o.seed, 100)
      for (const [what, q] of MALFORMED_QUERIES) {
        // The suite's list must agree with core's definition of a malformed query.
        let coreErr: unknown
        try {
          validateQuery(q)
        } catch (err) {
          coreErr = err
        }
        assert.ok(isGoesError(coreErr, 'INVALID_QUERY'), `suite bug: core accepts the malformed query "${what}"`)
        await rejectsWithCode(() => queryAll(store, q as never), 'INVALID_QUERY', `query where ${what} ${show(q)}`)
      }
    },
  },
  {
    id: 'query.break',
    title: 'breaking out of a query loop releases it: the store keeps working',
    async body(store, o) {
      await insertDataset(store, o.seed, 100)
      for (let round = 0; round < 3; round++) {
        let seen = 0
        for await (const _ of store.query({ sort: [{ by: 'time', dir: 'asc' }] })) if (++seen === 3) break
        assert.equal(seen, 3, 'the loop should have read 3 events before breaking')
      }
      try {
        await store.insert([newEvent('test.after', { after: true })])
        assert.equal((await queryAll(store)).length, 101, 'after breaking out of queries, a query of all')
      } catch (err) {
        if (err instanceof assert.AssertionError) throw err
        assert.fail(`after breaking out of queries the store failed: ${describeError(err)}`)
      }
    },
  },
]
