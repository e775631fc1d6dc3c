import type { Event } from '@goes/core'
import { readWireMessage, type WireAddressing, type WireRejection } from '@goes/core/backend'
import type { Message } from '@google-cloud/pubsub'
import type { Source } from './plan.js'
import { TOPIC_ATTRIBUTE } from './publisher.js'

/**
 * Reads one message: its event; a {@link WireRejection} with the error to report for a message
 * no subscriber can use (bytes that are no envelope, an event published to another name's
 * topic); or undefined when it is not for this subscriber (a copy of another name on the
 * all-events topic, or a name not subscribed to). The address check is core's, topics being
 * the addresses; on the all-events topic the topic an event was sent to is in an attribute.
 *
 * @internal
 */
export function readMessage(
  message: Message,
  source: Source,
  addressing: WireAddressing,
): Event | WireRejection | undefined {
  const sentTo = source.all ? message.attributes?.[TOPIC_ATTRIBUTE] : source.topic
  if (source.accept !== undefined && sentTo !== undefined && !source.accept.has(sentTo)) return undefined
  return readWireMessage(message.data, sentTo, addressing, () =>
    source.all && sentTo !== undefined
      ? `A message (id ${message.id}) on Pub/Sub topic "${source.topic}" (a copy of an event of topic "${sentTo}")`
      : `A message (id ${message.id}) on Pub/Sub topic "${source.topic}"`,
  )
}
