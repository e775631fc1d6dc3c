import { type CodecRegistry, type Event, GoesError, isGoesError } from '@goes/core'
import { decodeEnvelope } from '@goes/core/backend'
import type { Message } from '@google-cloud/pubsub'
import type { Source } from './plan.js'
import { TOPIC_ATTRIBUTE } from './publisher.js'

/** What a subscription needs to read its messages. @internal */
export interface ReadContext {
  readonly codecs: CodecRegistry
  readonly names: ReadonlySet<string> | undefined // undefined = every name
  readonly topicOf: (name: string) => string
}

/** Not for this subscriber: acked and dropped without a word (a copy of another name). */
export const SKIP = Symbol('skip')

/**
 * Reads one message: its event, {@link SKIP} when it is not for this subscriber, or the error
 * (`MALFORMED_MESSAGE`, or the codec's) to report for a message no subscriber can use — bytes
 * that are no envelope, or an event that was published to another name's topic.
 *
 * @internal
 */
export function readMessage(message: Message, source: Source, ctx: ReadContext): Event | GoesError | typeof SKIP {
  const sentTo = source.all ? message.attributes?.[TOPIC_ATTRIBUTE] : source.topic
  if (source.accept !== undefined && sentTo !== undefined && !source.accept.has(sentTo)) return SKIP
  const where = `A message (id ${message.id}) on Pub/Sub topic "${source.topic}"${source.all && sentTo !== undefined ? ` (a copy of an event of topic "${sentTo}")` : ''}`
  let event: Event
  try {
    event = decodeEnvelope(message.data, ctx.codecs)
  } catch (err) {
    const code = isGoesError(err) ? err.code : 'MALFORMED_MESSAGE'
    const text = err instanceof Error ? err.message : String(err)
    return new GoesError(code, `${where} could not be decoded and was skipped: ${text}`, { cause: err })
  }
  if (sentTo !== undefined) {
    let expected: string | undefined
    try {
      expected = ctx.topicOf(event.name)
    } catch {
      expected = undefined // a name the topic function refuses cannot have been published by a bus
    }
    if (expected !== sentTo) {
      return new GoesError(
        'MALFORMED_MESSAGE',
        `${where} carries an event named "${event.name}", whose topic is ${expected === undefined ? 'none' : `"${expected}"`}; it was skipped. Publish each event to its name's topic (PubSubBus does).`,
      )
    }
  }
  if (ctx.names !== undefined && !ctx.names.has(event.name)) return SKIP
  return event
}
