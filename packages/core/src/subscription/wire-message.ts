import { assertKnownName, decodeEnvelopeUnchecked } from '../codec/envelope.js'
import type { CodecRegistry } from '../codec/registry.js'
import { GoesError, isGoesError } from '../errors/errors.js'
import { formatCause } from '../errors/format.js'
import type { Event } from '../event/event.js'

/**
 * How a subscription reads the messages its wire hands it: see {@link readWireMessage}.
 *
 * @example
 * ```ts
 * const addressing: WireAddressing = {
 *   codecs,
 *   kind: 'subject',
 *   addressOf: (name) => subjects.of(name),
 *   names: new Set(['todo.task_added']),
 * }
 * ```
 * @public
 */
export interface WireAddressing {
  /** Decodes the envelopes (their data stays encoded until read). */
  readonly codecs: CodecRegistry
  /** What an address is on this wire, for messages: `'subject'`, `'topic'`, `'event name'`. */
  readonly kind: string
  /** The address an event of `name` is published to; may throw for a name that has none. */
  readonly addressOf: (name: string) => string
  /** The names subscribed to; undefined for every name. */
  readonly names: ReadonlySet<string> | undefined
}

/**
 * A message that cannot become an event, with the error to report on the subscription's
 * `errors`: `MALFORMED_MESSAGE` (no goes envelope, or sent to another name's address), or the
 * codec registry's own code (`UNKNOWN_NAME`, …).
 *
 * @example
 * ```ts
 * const out = readWireMessage(bytes, subject, addressing)
 * if (out instanceof WireRejection) lifecycle.report(out.error)
 * ```
 * @public
 */
export class WireRejection {
  constructor(readonly error: GoesError) {}
}

/**
 * Reads one wire message for one subscription, the same way on every bus: decodes the
 * envelope; checks that it was sent to the address its event's name is published to (a
 * message under another name's address is rejected, so a subscriber of one name never gets an
 * event of another); filters by the subscribed names; and, for a strict registry, rejects a
 * name it has no codec for (`UNKNOWN_NAME`).
 *
 * Returns the event; a {@link WireRejection} with the error to report (the subscription goes
 * on); or `undefined` for a valid event of a name this subscription did not ask for (several
 * names may share an address). `sentTo` undefined skips the address check (a wire that does
 * not say where a message was sent). `label` names the message in error messages (default
 * `A message on <kind> "<sentTo>"`); it is called only when there is an error to report.
 *
 * @example
 * ```ts
 * const out = readWireMessage(msg.data, msg.subject, addressing)
 * if (out instanceof WireRejection) report(out.error)
 * else if (out !== undefined) deliver(out)
 * ```
 * @public
 */
export function readWireMessage(
  bytes: Uint8Array,
  sentTo: string | undefined,
  addressing: WireAddressing,
  label?: () => string,
): Event | WireRejection | undefined {
  let event: Event
  try {
    event = decodeEnvelopeUnchecked(bytes, addressing.codecs)
  } catch (err) {
    return new WireRejection(
      new GoesError(
        isGoesError(err) ? err.code : 'MALFORMED_MESSAGE',
        `${label?.() ?? where(sentTo, addressing)} could not be decoded and was skipped: ${formatCause(err)}`,
        { cause: err },
      ),
    )
  }
  if (sentTo !== undefined) {
    let expected: string | undefined
    try {
      expected = addressing.addressOf(event.name)
    } catch {
      expected = undefined // a name with no address cannot have been published by a bus
    }
    if (expected !== sentTo) {
      const kind = addressing.kind
      return new WireRejection(
        new GoesError(
          'MALFORMED_MESSAGE',
          `${label?.() ?? where(sentTo, addressing)} carries an event named ${JSON.stringify(event.name)} (id ${event.id}), whose ${kind} is ${expected === undefined ? 'none' : JSON.stringify(expected)}; it was skipped. Publish each event to its name's ${kind} (a goes bus does).`,
        ),
      )
    }
  }
  if (addressing.names !== undefined && !addressing.names.has(event.name)) return undefined
  // Only now, so a misaddressed message is reported as such whatever the registry knows.
  try {
    assertKnownName(event.name, addressing.codecs)
  } catch (err) {
    return new WireRejection(
      new GoesError(
        (err as GoesError).code,
        `${label?.() ?? where(sentTo, addressing)} was skipped: ${formatCause(err)}`,
        {
          cause: err,
        },
      ),
    )
  }
  return event
}

function where(sentTo: string | undefined, addressing: WireAddressing): string {
  return sentTo === undefined ? 'A message' : `A message on ${addressing.kind} ${JSON.stringify(sentTo)}`
}
