import { newEvent } from '@goes/core'
import { rejectsWithCode } from '../../util/errors.js'
import { busCase } from '../session.js'

const BAD_NAMES: readonly [string, string][] = [
  ['an empty name', ''],
  ['a name with leading white space', ' goes.test.padded'],
  ['a name with a control character', 'goes.test.\u0000nul'],
]

export const invalidCases = [
  busCase('invalid.subscribe', 'subscribing to an invalid name rejects with INVALID_NAME', async (s) => {
    for (const [what, name] of BAD_NAMES) {
      await rejectsWithCode(() => s.bus.subscribe([s.name('ok'), name]), 'INVALID_NAME', `subscribe to ${what}`)
    }
  }),

  busCase(
    'invalid.publish',
    'publishing an event with an invalid name rejects with INVALID_NAME; the bus lives on',
    async (s) => {
      const name = s.name('ok')
      const p = await s.listen([name])
      for (const [what, bad] of BAD_NAMES) {
        await rejectsWithCode(
          () => s.bus.publish([{ ...newEvent('x', 1), name: bad }]),
          'INVALID_NAME',
          `publish with ${what}`,
        )
      }
      const good = s.event(name, 'good')
      await s.publish([good])
      await p.waitFor(1, 'a valid event after the rejected publishes')
    },
  ),
]
