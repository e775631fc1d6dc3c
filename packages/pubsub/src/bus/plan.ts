import { GoesError } from '@goes/core'
import { allEventsTopicId, ephemeralSubscriptionId, groupSubscriptionId } from '../naming/resource-ids.js'
import { TOPIC_ATTRIBUTE } from './publisher.js'

/** The longest subscription filter Pub/Sub accepts, in bytes. */
const MAX_FILTER_BYTES = 256

/**
 * One Pub/Sub subscription a bus subscription reads.
 *
 * @internal
 */
export interface Source {
  /** The topic it is attached to. */
  readonly topic: string
  /** Its id. */
  readonly subscription: string
  /** Deleted when the bus subscription closes (broadcast); a group's subscription stays. */
  readonly ephemeral: boolean
  /** Its server-side filter, '' for none. */
  readonly filter: string
  /**
   * On the all-events topic: the event topics whose copies this subscriber wants (told by the
   * copy's attribute); undefined for all of them, or for a source on an event topic.
   */
  readonly accept: ReadonlySet<string> | undefined
  /** Whether it reads the all-events topic (where each copy says its event topic). */
  readonly all: boolean
}

/** What a subscribe call asks for. @internal */
export interface PlanInput {
  readonly names: ReadonlySet<string> | undefined // undefined = '*'
  readonly group: string | undefined
  readonly prefix: string
  readonly allEventsTopic: boolean
  readonly topicOf: (name: string) => string
}

/**
 * The Pub/Sub subscriptions behind one bus subscription:
 * - one name: a subscription on that name's topic;
 * - `'*'`: a subscription on the all-events topic;
 * - several names: a subscription on the all-events topic, filtered (on the server when the
 *   filter fits into 256 bytes, always on the client) to their topics, so the publish order
 *   holds across the names — or, with `allEventsTopic: false`, one per name's topic.
 * Broadcast subscribers get fresh ephemeral ids; members of a group share one id per group
 * and names.
 *
 * @internal
 */
export function planSources(p: PlanInput): Source[] {
  const id = (target: Parameters<typeof groupSubscriptionId>[2]) =>
    p.group === undefined ? ephemeralSubscriptionId(p.prefix) : groupSubscriptionId(p.prefix, p.group, target)
  const ephemeral = p.group === undefined
  const single = (name: string): Source => {
    const topic = p.topicOf(name)
    return { topic, subscription: id({ topic }), ephemeral, filter: '', accept: undefined, all: false }
  }
  if (p.names === undefined) {
    if (!p.allEventsTopic) {
      throw new GoesError(
        'INVALID_STATE',
        "subscribe('*') reads the all-events topic, which this bus does not publish to (allEventsTopic: false). Subscribe to names, or create every bus with allEventsTopic: true.",
      )
    }
    const topic = allEventsTopicId(p.prefix)
    return [{ topic, subscription: id({ names: undefined }), ephemeral, filter: '', accept: undefined, all: true }]
  }
  const names = [...p.names]
  if (names.length === 1) return [single(names[0]!)]
  if (!p.allEventsTopic) return names.map(single)
  const topics = [...new Set(names.map((n) => p.topicOf(n)))].sort()
  const filter = topics.map((t) => `attributes.${TOPIC_ATTRIBUTE} = "${t}"`).join(' OR ')
  return [
    {
      topic: allEventsTopicId(p.prefix),
      subscription: id({ names }),
      ephemeral,
      filter: new TextEncoder().encode(filter).length <= MAX_FILTER_BYTES ? filter : '',
      accept: new Set(topics),
      all: true,
    },
  ]
}
