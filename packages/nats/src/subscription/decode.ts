import { type BusError, type CodecRegistry, type Event, GoesError, isGoesError } from '@goes/core'
import { decodeEnvelope } from '@goes/core/backend'
import type { Subjects } from '../subject/subjects.js'

/** A message as both nats.js core and JetStream hand it over. @internal */
export interface WireMessage {
  readonly subject: string
  readonly data: Uint8Array
}

/** A message that could not become an event, with the error to report. @internal */
export class Rejected {
  constructor(readonly error: BusError) {}
}

/** What decoding needs to know about a subscription. @internal */
export interface DecodeContext {
  readonly codecs: CodecRegistry
  readonly subjects: Subjects
  /** The names subscribed to; undefined for every name. */
  readonly names: ReadonlySet<string> | undefined
}

/**
 * Turns a message into the event it carries; a {@link Rejected} with a MALFORMED_MESSAGE (or
 * the codec registry's error) when it is not a goes envelope or was sent on the subject of
 * another name; undefined for a valid event of a name this subscription did not ask for (a
 * custom subject function may give several names one subject).
 *
 * @internal
 */
export function decodeMessage(m: WireMessage, ctx: DecodeContext): Event | Rejected | undefined {
  let event: Event
  try {
    event = decodeEnvelope(m.data, ctx.codecs)
  } catch (err) {
    return new Rejected(asBusError(err, m.subject))
  }
  let expected: string
  try {
    expected = ctx.subjects.of(event.name)
  } catch (err) {
    return new Rejected(asBusError(err, m.subject))
  }
  if (expected !== m.subject) {
    return new Rejected(
      new GoesError(
        'MALFORMED_MESSAGE',
        `A message on subject "${m.subject}" carries an event named ${JSON.stringify(event.name)}, whose subject is "${expected}"; it was skipped. Publish each envelope on its event's subject (a goes bus does).`,
      ),
    )
  }
  if (ctx.names !== undefined && !ctx.names.has(event.name)) return undefined
  return event
}

function asBusError(err: unknown, subject: string): BusError {
  if (isGoesError(err)) return err
  return new GoesError(
    'MALFORMED_MESSAGE',
    `A message on subject "${subject}" could not be decoded and was skipped: ${String(err)}`,
    { cause: err },
  )
}
