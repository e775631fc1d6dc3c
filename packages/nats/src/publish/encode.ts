import { type CodecRegistry, type Event, GoesError } from '@goes/core'
import { encodeEnvelope } from '@goes/core/backend'
import type { Subjects } from '../subject/subjects.js'

/** The envelopes of a batch and the subjects they go to. @internal */
export interface EncodedBatch {
  readonly subjects: string[]
  readonly payloads: Uint8Array[]
}

/**
 * Encodes (and so validates) every event of a publish before any is sent — all or nothing:
 * the event's own errors (INVALID_NAME, …), the registry's (UNKNOWN_NAME, ENCODE_FAILED), or
 * ENCODE_FAILED for an envelope over the server's max_payload.
 *
 * @internal
 */
export function encodeBatch(
  events: readonly Event[],
  codecs: CodecRegistry,
  subjects: Subjects,
  maxPayload: number | undefined,
): EncodedBatch {
  if (!Array.isArray(events)) {
    throw new GoesError('INVALID_EVENT', 'publish() takes an array of events; wrap a single event as [event].')
  }
  const max = maxPayload ?? Number.POSITIVE_INFINITY
  const out: EncodedBatch = { subjects: new Array(events.length), payloads: new Array(events.length) }
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!
    const payload = encodeEnvelope(e, codecs)
    if (payload.length > max) {
      throw new GoesError(
        'ENCODE_FAILED',
        `The envelope of event "${e.name}" is ${payload.length} bytes, over the server's max_payload of ${max} bytes; nothing was published. Make the event smaller or raise max_payload in the server configuration.`,
      )
    }
    out.payloads[i] = payload
    out.subjects[i] = subjects.of(e.name)
  }
  return out
}
