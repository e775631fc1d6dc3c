import assert from 'node:assert/strict'
import { type Event, isGoesError } from '@goes/core'
import { describeError } from '../../util/errors.js'
import type { Pump } from '../../util/wait.js'
import { sleep } from '../../util/wait.js'
import type { Session } from '../session.js'
import { busCase } from '../session.js'

/** Waits until the members of a group together hold `n` events; fails when they go idle. */
async function gather(s: Session, members: readonly Pump<Event>[], n: number, what: string): Promise<Event[]> {
  let last = -1
  let idleSince = Date.now()
  for (;;) {
    const all = members.flatMap((m) => m.items)
    if (all.length >= n) return all
    if (all.length !== last) [last, idleSince] = [all.length, Date.now()]
    else if (Date.now() - idleSince > s.o.eventTimeout) {
      assert.fail(`${what}: the members got ${all.length} of ${n} events, then nothing for ${s.o.eventTimeout} ms`)
    }
    await sleep(5)
  }
}

function assertOncePerEvent(got: readonly Event[], published: readonly Event[], what: string): void {
  const counts = new Map<string, number>()
  for (const e of got) counts.set(e.id, (counts.get(e.id) ?? 0) + 1)
  const twice = [...counts].filter(([, c]) => c > 1).length
  assert.equal(twice, 0, `${what}: ${twice} events went to more than one member`)
  const missing = published.filter((e) => !counts.has(e.id)).length
  assert.equal(missing, 0, `${what}: ${missing} events reached no member`)
}

export const groupCases = [
  busCase(
    'group.balance',
    'members of a group share the events: each event reaches exactly one member of each group',
    async (s) => {
      const name = s.name('work')
      const g1 = [
        await s.listen([name], { group: 'g1' }),
        await s.listen([name], { group: 'g1' }),
        await s.listen([name], { group: 'g1' }),
      ]
      const g2 = [await s.listen([name], { group: 'g2' }), await s.listen([name], { group: 'g2' })]
      const plain = await s.listen([name])
      const events = Array.from({ length: 300 }, (_, i) => s.event(name, { i }))
      await s.publish(events)
      await plain.waitFor(events.length, 'the subscriber outside any group')
      assertOncePerEvent(await gather(s, g1, events.length, 'group g1'), events, 'group g1')
      assertOncePerEvent(await gather(s, g2, events.length, 'group g2'), events, 'group g2')
      // Late duplicates would show up here.
      await sleep(s.o.quietMs)
      assertOncePerEvent(
        g1.flatMap((m) => m.items),
        events,
        'group g1, a moment later',
      )
      assertOncePerEvent(
        g2.flatMap((m) => m.items),
        events,
        'group g2, a moment later',
      )
    },
    { applies: (o) => o.group === true },
  ),

  busCase(
    'group.unsupported',
    'a bus without load balancing rejects a group subscription with a typed error instead of ignoring it',
    async (s) => {
      let err: unknown
      try {
        await s.subscribe([s.name('work')], { group: 'g1' })
      } catch (e) {
        err = e
      }
      assert.ok(
        isGoesError(err),
        err === undefined
          ? 'subscribe with a group resolved; set options.group: true if the bus load-balances, or reject the group'
          : `expected a goes error, got ${describeError(err)}`,
      )
    },
    { applies: (o) => o.group !== true },
  ),
]
