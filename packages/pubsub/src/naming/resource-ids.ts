// The ids of the bus's own topics and subscriptions. They contain "~", which no encoded event
// name does (see topic-name.ts), so they never clash with the topic of an event.
import { randomBytes } from 'node:crypto'
import { encodePart, fitId, shortHash } from './topic-name.js'

/**
 * The topic every event is also published to (unless `allEventsTopic: false`): subscriptions to
 * `'*'` and to several names read it, so they keep the publish order across names.
 *
 * @internal
 */
export function allEventsTopicId(prefix: string): string {
  return `${prefix}~all`
}

/** A fresh subscription id for one ephemeral (broadcast) subscriber. @internal */
export function ephemeralSubscriptionId(prefix: string): string {
  return fitId(`${prefix}~s~${randomBytes(8).toString('hex')}`)
}

/**
 * The subscription id a load-balancing group shares on one topic: every member that subscribes
 * to the same names with the same group reads the same subscription. `target` is the event
 * topic id (one name), or undefined for the all-events topic with `names` (several names; all
 * names for '*').
 *
 * @internal
 */
export function groupSubscriptionId(
  prefix: string,
  group: string,
  target: { readonly topic: string } | { readonly names: readonly string[] | undefined },
): string {
  const head = `${prefix}~g~${encodePart(group)}~`
  if ('topic' in target) {
    const topic = target.topic.startsWith(prefix) ? target.topic.slice(prefix.length) : target.topic
    return fitId(head + topic)
  }
  if (target.names === undefined) return fitId(`${head}~all`)
  return fitId(`${head}~n${shortHash([...target.names].sort().join('\n'))}`)
}
