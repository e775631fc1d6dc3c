// Aggregate tags (FEATURES A7) are recorded as two built-in events instead of living in a side
// table: they are then part of the history — saved, fetched, replayed, snapshotted and
// published like every other change — and stores need no extra column or index. Finding the
// aggregates with a tag is a query for the "tagged" events (a query cannot look into event
// data, so it returns every aggregate that was ever tagged), narrowed by isTaggedEvent() and
// confirmed by fetching each candidate and asking hasTag(), which also honours later untags.

import type { Event } from '../event/event.js'
import { assertName } from '../event/validate.js'
import type { Query } from '../query/types.js'

/**
 * Name of the built-in event `tag()` records.
 *
 * @example
 * ```ts
 * store.query({ names: [AGGREGATE_TAGGED, AGGREGATE_UNTAGGED], aggregateIds: [id] }) // a tag history
 * ```
 * @public
 */
export const AGGREGATE_TAGGED = 'goes.aggregate.tagged'

/** Name of the built-in event `untag()` records; see {@link AGGREGATE_TAGGED}. @public */
export const AGGREGATE_UNTAGGED = 'goes.aggregate.untagged'

/**
 * Data of the built-in tag events: the tags added or removed.
 *
 * @example
 * ```ts
 * const data: TagData = { tags: ['vip'] }
 * ```
 * @public
 */
export interface TagData {
  readonly tags: readonly string[]
}

/**
 * One of the built-in tag events an aggregate records; `changes` may hold them besides the
 * aggregate's own events.
 *
 * @example
 * ```ts
 * for (const e of customer.changes) if (e.name === AGGREGATE_TAGGED) console.log(e.data.tags)
 * ```
 * @public
 */
export type TagEvent = Event<typeof AGGREGATE_TAGGED, TagData> | Event<typeof AGGREGATE_UNTAGGED, TagData>

/**
 * The query for the events that may have given aggregates `tag`: the built-in "tagged" events,
 * of one aggregate name if given. Keep only events for which {@link isTaggedEvent} holds, then
 * fetch each aggregate and check `hasTag(tag)`: it may have been untagged since.
 *
 * @example
 * ```ts
 * const ids = new Set<string>()
 * for await (const e of store.query(taggedQuery('vip', 'shop.customer'))) {
 *   if (isTaggedEvent(e, 'vip')) ids.add(e.aggregate!.id)
 * }
 * ```
 * @public
 */
export function taggedQuery(tag: string, aggregateName?: string): Query {
  assertTag(tag)
  if (aggregateName === undefined) return { names: [AGGREGATE_TAGGED] }
  assertName(aggregateName, 'aggregate name')
  return { names: [AGGREGATE_TAGGED], aggregateNames: [aggregateName] }
}

/**
 * Whether `event` is a built-in "tagged" event — one that added `tag`, if given.
 *
 * @example
 * ```ts
 * if (isTaggedEvent(e, 'vip')) candidates.add(e.aggregate!.id)
 * ```
 * @public
 */
export function isTaggedEvent(event: Event, tag?: string): event is Event<typeof AGGREGATE_TAGGED, TagData> {
  if (event.name !== AGGREGATE_TAGGED) return false
  if (tag === undefined) return true
  return tagsOf(event).includes(tag)
}

/** The tags of a tag event; defensive, since its data may come from another process. @internal */
export function tagsOf(event: Event): readonly string[] {
  const tags = (event.data as Partial<TagData> | null | undefined)?.tags
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : []
}

/** Throws `INVALID_NAME` unless `tag` is a usable tag (same rules as event names). @internal */
export function assertTag(tag: unknown): asserts tag is string {
  assertName(tag, 'tag')
}

/**
 * The tags of `tags` whose presence in `current` is `present`, once each: what tag() adds
 * (present = false) or untag() removes (present = true). Throws `INVALID_NAME` for a bad tag.
 *
 * @internal
 */
export function tagDelta(
  current: ReadonlySet<string> | undefined,
  tags: readonly string[],
  present: boolean,
): string[] {
  const out: string[] = []
  for (const t of tags) {
    assertTag(t)
    if ((current?.has(t) === true) === present && !out.includes(t)) out.push(t)
  }
  return out
}

/** Applies a tag event to a tag set (created when first needed); returns the set. @internal */
export function applyTagEvent(current: Set<string> | undefined, event: Event, add: boolean): Set<string> | undefined {
  for (const t of tagsOf(event)) {
    if (add) (current ??= new Set()).add(t)
    else current?.delete(t)
  }
  return current
}
