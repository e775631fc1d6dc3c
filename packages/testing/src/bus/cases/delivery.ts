import assert from 'node:assert/strict'
import { ALL_EVENTS, type Event, newEvent, uuid } from '@goes/core'
import { assertSameEvent } from '../../util/events.js'
import { Pump, sleep } from '../../util/wait.js'
import { busCase } from '../session.js'

/** Asserts that `got` are exactly `want`, in order, each deeply equal. */
function assertSequence(got: readonly Event[], want: readonly Event[], what: string): void {
  assert.equal(got.length, want.length, `${what}: number of events`)
  for (let i = 0; i < want.length; i++) {
    if (got[i]!.id !== want[i]!.id) {
      const at = want.findIndex((e) => e.id === got[i]!.id)
      assert.fail(
        `${what}: event #${i} should be ${want[i]!.id}, got ${at < 0 ? 'an unexpected event' : `event #${at}`}`,
      )
    }
    assertSameEvent(got[i]!, want[i]!, `${what}: event #${i}`)
  }
}

const RICH = {
  title: 'milk 🥛',
  nested: { list: [1, 2.5, null, 'three', { deep: [true, false] }], empty: {} },
  unicode: '日本語 — 𝄞 — e\u0301',
  big: 2 ** 53 - 1,
}

export const deliveryCases = [
  busCase('deliver.one', 'a subscriber receives a published event, deeply equal', async (s) => {
    const name = s.name('created')
    const p = await s.listen([name])
    const e = newEvent(name, RICH, {
      aggregate: { name: 'test.list', id: uuid(), version: 3 },
      time: 1_700_000_000_123_456_789n,
    })
    await s.publish([e])
    assertSequence(await p.waitFor(1, 'the published event'), [e], 'one subscriber')
  }),

  busCase('deliver.batch', 'events of one batch and of consecutive publishes arrive in publish order', async (s) => {
    const name = s.name('created')
    const p = await s.listen([name])
    const events = Array.from({ length: 40 }, (_, i) => s.event(name, { i }))
    await s.publish(events.slice(0, 20))
    for (const e of events.slice(20)) await s.publish([e])
    assertSequence(await p.waitFor(40, '40 events'), events, 'a batch then single publishes')
  }),

  busCase(
    'deliver.fanout',
    (o) => `${o.subscribers} subscribers of a name each receive every event`,
    async (s) => {
      const name = s.name('created')
      const pumps = []
      for (let i = 0; i < s.o.subscribers; i++) pumps.push(await s.listen([name]))
      const events = Array.from({ length: 10 }, (_, i) => s.event(name, { i }))
      await s.publish(events)
      for (const [i, p] of pumps.entries())
        assertSequence(await p.waitFor(10, `subscriber #${i}`), events, `subscriber #${i}`)
    },
  ),

  busCase('deliver.names', 'a subscription to several names receives those names and no other', async (s) => {
    const [a, b, c] = [s.name('a'), s.name('b'), s.name('c')]
    const p = await s.listen([a, b])
    const events = [s.event(a, 1), s.event(c, 2), s.event(b, 3), s.event(a, 4), s.event(c, 5), s.event(b, 6)]
    await s.publish(events)
    const want = events.filter((e) => e.name !== c)
    assertSequence(await p.waitFor(4, 'the events of both names'), want, 'names a and b')
    await sleep(s.o.quietMs)
    assert.equal(
      p.items.length,
      4,
      `events of an unsubscribed name were delivered: ${p.items.slice(4).map((e) => e.name)}`,
    )
  }),

  busCase('deliver.wildcard', `a '${ALL_EVENTS}' subscription receives every name`, async (s) => {
    // On a shared server the wildcard also sees other cases' events: keep only ours.
    const p = new Pump<Event>(await s.subscribe(ALL_EVENTS), s.o.eventTimeout, (e) => s.owns(e))
    const events = ['a', 'b', 'c', 'a'].map((x, i) => s.event(s.name(x), { i }))
    await s.publish(events)
    const mine = await p.waitFor(events.length, 'events of three names')
    assertSequence(mine, events, `the '${ALL_EVENTS}' subscription`)
  }),

  busCase('deliver.others', 'a subscriber receives nothing of other names', async (s) => {
    const [mine, other] = [s.name('mine'), s.name('other')]
    const p = await s.listen([mine])
    const marker = s.event(mine, 'marker')
    await s.publish(Array.from({ length: 10 }, (_, i) => s.event(other, i)))
    await s.publish([marker])
    const [first] = await p.waitFor(1, 'the marker event')
    assert.equal(first!.id, marker.id, `the first delivery should be the marker, got an event named ${first!.name}`)
    await sleep(s.o.quietMs)
    assert.equal(p.items.length, 1, 'events of another name were delivered')
  }),

  busCase(
    'deliver.many',
    (o) => `${o.manyEvents} events published in batches of 100 all arrive, in order, at two subscribers`,
    async (s) => {
      const name = s.name('many')
      const pumps = [await s.listen([name]), await s.listen([name])]
      const events = Array.from({ length: s.o.manyEvents }, (_, i) => s.event(name, { i }))
      for (let i = 0; i < events.length; i += 100)
        await s.publish(events.slice(i, i + 100), `publish of batch ${i / 100}`)
      for (const [k, p] of pumps.entries()) {
        const got = await p.waitFor(events.length, `subscriber #${k}: all ${events.length} events`)
        for (let i = 0; i < got.length; i++) {
          if (got[i]!.id !== events[i]!.id) {
            const lost = events.length - new Set(got.map((e) => e.id)).size
            assert.fail(
              `subscriber #${k}: event #${i} is not the one published #${i} (${lost} published events missing)`,
            )
          }
        }
        await sleep(s.o.quietMs)
        assert.equal(p.items.length, events.length, `subscriber #${k} received extra events`)
      }
    },
    { weight: 3 },
  ),

  busCase(
    'deliver.order',
    (o) => `two concurrent publishers (${o.orderEvents} events each): each one's events arrive in its order`,
    async (s) => {
      const name = s.name('ordered')
      const p = await s.listen([name])
      const n = s.o.orderEvents
      const publisher = async (who: string) => {
        for (let i = 0; i < n; i++) await s.publish([s.event(name, { who, seq: i })])
      }
      await Promise.all([publisher('A'), publisher('B')])
      const got = await p.waitFor(2 * n, `all ${2 * n} events`)
      for (const who of ['A', 'B']) {
        const seqs = got
          .map((e) => e.data as { who: string; seq: number })
          .filter((d) => d.who === who)
          .map((d) => d.seq)
        const wrong = seqs.findIndex((v, i) => v !== i)
        assert.ok(
          seqs.length === n && wrong < 0,
          `publisher ${who}: ${seqs.length} of ${n} events, first out of order at #${wrong} (got seq ${seqs[wrong]})`,
        )
      }
    },
    { weight: 2 },
  ),
]
