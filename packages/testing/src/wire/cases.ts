import assert from 'node:assert/strict'
import { CodecRegistry, type GoesError, newEvent } from '@goes/core'
import { encodeEnvelope } from '@goes/core/backend'
import { GARBAGE } from '../bus/cases/malformed.js'
import { type CaseDef, thenCleanUp } from '../case.js'
import { assertCode, describeError } from '../util/errors.js'
import { Pump, sleep } from '../util/wait.js'
import type { WireOptions } from './options.js'
import type { WireErrorTarget, WireReceiver } from './target.js'

const codecs = new CodecRegistry({ unknownNames: 'json' })

/** A goes envelope of an event named `name`: well-formed, but sent to another name's address it is misaddressed. */
function envelopeOf(name: string): { id: string; bytes: Uint8Array } {
  const e = newEvent(name, { misaddressed: true })
  return { id: e.id, bytes: encodeEnvelope(e, codecs).slice() }
}

function token(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(4)), (b) => b.toString(16).padStart(2, '0')).join('')
}

/** What a case works with: the target, a name of its own, and its receivers closed afterwards. */
class WireSession {
  readonly name = `goes.wire.${token()}`
  readonly #receivers: WireReceiver[] = []

  constructor(
    readonly target: WireErrorTarget,
    readonly o: WireOptions,
  ) {}

  async open(): Promise<WireReceiver> {
    const r = await this.target.open(this.name)
    this.#receivers.push(r)
    return r
  }

  /** Sends a valid message and waits until `received` holds it as item `index` (0-based). */
  async roundTrip(received: Pump<string>, index: number, after: string): Promise<void> {
    const id = await this.target.sendValid(this.name)
    const got = await received.waitFor(index + 1, `the valid message after ${after}`)
    assert.equal(got[index], id, `after ${after}: the next message received should be the valid one`)
  }

  /** Waits until `r.droppedErrors` is `count` (drops are counted as the receiver reads its wire). */
  async dropped(r: WireReceiver, count: number): Promise<void> {
    const deadline = Date.now() + this.o.eventTimeout
    while (r.droppedErrors < count && Date.now() < deadline) await sleep(10)
    assert.equal(r.droppedErrors, count, `droppedErrors after ${count} errors too many were reported unread`)
  }

  async closeAll(): Promise<void> {
    for (const r of this.#receivers) await r.close()
  }
}

function wireCase(
  id: string,
  title: string,
  body: (s: WireSession) => Promise<void>,
): CaseDef<WireErrorTarget, WireOptions> {
  return {
    id,
    title,
    async body(target, o) {
      const s = new WireSession(target, o)
      await thenCleanUp(
        () => body(s),
        () => s.closeAll(),
      )
    },
  }
}

/** The cases every wire must pass, whatever its backend. @internal */
export const wireCases: readonly CaseDef<WireErrorTarget, WireOptions>[] = [
  wireCase(
    'wire.malformed',
    'bytes that are no goes envelope land on `errors` as MALFORMED_MESSAGE, none is dropped, and the receiver keeps receiving',
    async (s) => {
      const r = await s.open()
      const errors = new Pump<GoesError>(r.errors, s.o.eventTimeout)
      const received = new Pump<string>(r.received, s.o.eventTimeout)
      for (const [i, [what, bytes]] of GARBAGE.entries()) {
        await s.target.sendRaw(s.name, bytes)
        const err = (await errors.waitFor(i + 1, `the error for ${what}`))[i]
        assertCode(err, ['MALFORMED_MESSAGE'], `the error reported for ${what}`)
        await s.roundTrip(received, i, what)
      }
      assert.equal(r.droppedErrors, 0, 'droppedErrors while every error was read')
    },
  ),
  wireCase(
    'wire.misaddressed',
    "an envelope of another name sent to this name's address lands on `errors` as MALFORMED_MESSAGE naming that name, is never delivered, and the receiver keeps receiving",
    async (s) => {
      const r = await s.open()
      const errors = new Pump<GoesError>(r.errors, s.o.eventTimeout)
      const received = new Pump<string>(r.received, s.o.eventTimeout)
      const other = `${s.name}.other`
      const foreign = envelopeOf(other)
      await s.target.sendRaw(s.name, foreign.bytes)
      const [err] = await errors.waitFor(1, 'the error for the misaddressed envelope')
      assertCode(err, ['MALFORMED_MESSAGE'], 'the error reported for the misaddressed envelope')
      assert.ok(
        (err as GoesError).message.includes(JSON.stringify(other)),
        `the error should name the event's name ${JSON.stringify(other)}: ${describeError(err)}`,
      )
      await s.roundTrip(received, 0, 'the misaddressed envelope')
      assert.ok(!received.items.includes(foreign.id), 'the misaddressed event must not be delivered')
      assert.equal(r.droppedErrors, 0, 'droppedErrors while every error was read')
    },
  ),
  wireCase(
    'wire.overflow',
    '`errors` nobody reads keeps the newest `maxBufferedErrors`, drops the oldest and counts them in droppedErrors; the receiver keeps receiving',
    async (s) => {
      const max = s.target.maxBufferedErrors
      const extra = 3
      const r = await s.open()
      const received = new Pump<string>(r.received, s.o.eventTimeout)
      const names: string[] = []
      for (let i = 0; i < max + extra; i++) {
        names.push(`${s.name}.x${i}`)
        await s.target.sendRaw(s.name, envelopeOf(names[i]!).bytes)
      }
      await s.roundTrip(received, 0, `${max + extra} misaddressed envelopes`)
      await s.dropped(r, extra)
      await r.close() // `errors` ends after what it buffered
      const errors = new Pump<GoesError>(r.errors, s.o.eventTimeout)
      await errors.waitEnd('the errors after close')
      assert.equal(errors.items.length, max, `errors buffered unread (maxBufferedErrors = ${max})`)
      for (const err of errors.items) assertCode(err, ['MALFORMED_MESSAGE'], 'a buffered error')
      const named = errors.items.map((err) => names.findIndex((n) => err.message.includes(JSON.stringify(n))))
      assert.ok(!named.includes(-1), 'every buffered error names the event it is about')
      assert.equal(new Set(named).size, max, 'the buffered errors are about different messages')
      if (s.target.ordered) {
        const newest = Array.from({ length: max }, (_, i) => i + extra)
        assert.deepEqual(named, newest, 'the oldest errors are the ones dropped')
      }
      assert.equal(r.droppedErrors, extra, 'droppedErrors after close')
    },
  ),
]
