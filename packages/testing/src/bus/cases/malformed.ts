import assert from 'node:assert/strict'
import { assertCode } from '../../util/errors.js'
import { busCase } from '../session.js'

const text = (s: string) => new TextEncoder().encode(s)

/** Payloads no well-formed message looks like, whatever the wire format. @internal */
export const GARBAGE: readonly [string, Uint8Array][] = [
  ['empty bytes', new Uint8Array(0)],
  ['random binary', Uint8Array.from([0xff, 0x00, 0x13, 0x37, 0xc3, 0x28, 0xa0, 0xa1, 0xf0, 0x90])],
  ['plain text', text('not an event at all')],
  ['JSON without the envelope fields', text('{"hello":"world"}')],
  ['JSON null', text('null')],
  ['truncated JSON', text('{"id":"0192e3c4-8b1f-7c3a-9d2e-4f5a6b7c8d9e","name":"x"')],
]

export const malformedCases = [
  busCase(
    'malformed.reported',
    'a malformed message lands on `errors` as MALFORMED_MESSAGE and the subscription keeps delivering',
    async (s) => {
      const raw = s.o.publishRaw
      if (!raw) throw new Error('unreachable: the case applies only with options.publishRaw')
      const name = s.name('raw')
      const sub = await s.subscribe([name])
      const events = s.pump(sub)
      const errors = s.errors(sub)
      for (const [i, [what, bytes]] of GARBAGE.entries()) {
        await raw(s.bus, name, bytes)
        const [err] = (await errors.waitFor(i + 1, `the error for ${what}`)).slice(i)
        assertCode(err, ['MALFORMED_MESSAGE'], `the error reported for ${what}`)
        const good = s.event(name, { after: what })
        await s.publish([good])
        const got = await events.waitFor(i + 1, `the good event after ${what}`)
        assert.equal(got[i]!.id, good.id, `after ${what}: the next delivery should be the good event`)
      }
    },
    {
      applies: (o) => o.publishRaw !== false,
      skip: (o) => (o.publishRaw === undefined ? 'NOT TESTED — pass options.publishRaw to run it' : undefined),
    },
  ),
]
