import assert from 'node:assert/strict'
import { compileQuery, type Event, type EventStore, type Query, type SortField, sortEvents } from '@goes/core'
import { describeError } from '../util/errors.js'
import { assertSameEvent, assertSameIds } from '../util/events.js'
import { show } from '../util/random.js'
import type { Dataset } from './dataset.js'
import { queryAll } from './helpers.js'
import type { Probe } from './queries.js'

type Key = string | number | bigint | null

// The sort key of an event as the query's sort sees it; a missing aggregate is null on both sides.
const KEY: Record<SortField, (e: Event) => Key> = {
  time: (e) => e.timeNano,
  aggregateName: (e) => e.aggregate?.name ?? null,
  aggregateId: (e) => e.aggregate?.id ?? null,
  aggregateVersion: (e) => e.aggregate?.version ?? null,
}

function keysOf(e: Event, q: Query | undefined): Key[] {
  return (q?.sort ?? []).map((s) => KEY[s.by](e))
}

/**
 * Runs a query against the store and checks it against core's in-memory matcher on the same
 * data: the same multiset of ids, each event deeply equal to the one inserted, and — when the
 * query sorts — the same sequence of sort keys as `sortEvents` gives. Events with equal keys may
 * come in any order.
 *
 * @internal
 */
export async function checkProbe(store: EventStore, ds: Dataset, probe: Probe, context: string): Promise<void> {
  const { q } = probe
  const what = `${context} — query ${probe.label} ${show(q)} (seed ${ds.rng.seed})`
  const expected = sortEvents(ds.events.filter(compileQuery(q)), q?.sort)
  const mode = probe.expect ?? 'some'
  // Guards the suite itself: a filter probe must select something and not everything.
  if (mode === 'some') {
    assert.ok(
      expected.length > 0 && expected.length < ds.events.length,
      `suite bug: ${what} selects ${expected.length}`,
    )
  } else if (mode === 'none') assert.equal(expected.length, 0, `suite bug: ${what} should select nothing`)

  let got: Event[]
  try {
    got = await queryAll(store, q)
  } catch (err) {
    assert.fail(`${what}: the query rejected: ${describeError(err)}`)
  }
  assertSameIds(got, expected, what)
  const byId = new Map(ds.events.map((e) => [e.id, e]))
  for (const e of got) assertSameEvent(e, byId.get(e.id)!, what)
  if (q?.sort === undefined || q.sort.length === 0) return
  for (let i = 0; i < got.length; i++) {
    const have = keysOf(got[i]!, q)
    const want = keysOf(expected[i]!, q)
    if (have.some((k, j) => k !== want[j])) {
      assert.fail(
        `${what}: not sorted as asked — at position ${i} of ${got.length} the sort keys are ${show(have)}, expected ${show(want)}`,
      )
    }
  }
}
