import { type ErrorCode, type Event, type EventStore, NIL_UUID, newEvent, uuid } from '@goes/core'
import type { CaseDef } from '../../case.js'
import { rejectsWithCode } from '../../util/errors.js'
import { expectExactly, expectNotFound } from '../helpers.js'
import type { StoreOptions } from '../options.js'
import { someEvents } from './basic.js'

type Def = CaseDef<EventStore, StoreOptions>

// Each invalid event is built by spreading a valid one, the way a careless caller would.
const INVALID: readonly [id: string, what: string, code: ErrorCode, make: () => Event][] = [
  ['nil-id', 'the nil UUID as event id', 'NIL_UUID', () => ({ ...newEvent('test.bad', 1), id: NIL_UUID })],
  ['bad-id', 'an event id that is not a UUID', 'INVALID_UUID', () => ({ ...newEvent('test.bad', 1), id: 'event-1' })],
  ['empty-name', 'an empty event name', 'INVALID_NAME', () => ({ ...newEvent('test.bad', 1), name: '' })],
  [
    'space-name',
    'an event name with leading white space',
    'INVALID_NAME',
    () => ({ ...newEvent('test.bad', 1), name: ' test.bad' }),
  ],
  [
    'nil-aggregate-id',
    'the nil UUID as aggregate id',
    'NIL_UUID',
    () => ({ ...newEvent('test.bad', 1), aggregate: { name: 'test.agg', id: NIL_UUID, version: 1 } }),
  ],
  [
    'empty-aggregate-name',
    'an empty aggregate name',
    'INVALID_NAME',
    () => ({ ...newEvent('test.bad', 1), aggregate: { name: '', id: uuid(), version: 1 } }),
  ],
  [
    'version-0',
    'aggregate version 0',
    'INVALID_VERSION',
    () => ({ ...newEvent('test.bad', 1), aggregate: { name: 'test.agg', id: uuid(), version: 0 } }),
  ],
  [
    'no-time',
    'a missing timeNano',
    'INVALID_TIME',
    () => ({ ...newEvent('test.bad', 1), timeNano: undefined as unknown as bigint }),
  ],
]

export const invalidCases: readonly Def[] = INVALID.map(
  ([id, what, code, make]): Def => ({
    id: `invalid.${id}`,
    title: `an event with ${what} rejects the batch with ${code} and stores nothing`,
    async body(store) {
      const before = someEvents(2, 'test.before')
      await store.insert(before)
      const alone = make()
      await rejectsWithCode(() => store.insert([alone]), code, `insert of one event with ${what}`)
      // In the middle of a batch of valid events: the valid ones must not be stored either.
      const batch = [...someEvents(2, 'test.valid'), make(), ...someEvents(2, 'test.valid2')]
      await rejectsWithCode(() => store.insert(batch), code, `insert of a batch with ${what} in the middle`)
      await expectExactly(store, before, `after rejecting events with ${what}`)
      for (const e of batch)
        if (e.id !== NIL_UUID && e.id !== 'event-1') await expectNotFound(store, e.id, 'rejected batch')
    },
  }),
)
