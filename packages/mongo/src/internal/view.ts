import { compareEvents, compileQuery, type Event, type Query } from '@goes/core'
import type { EventDoc } from './schema.js'
import { bsonToId } from './uuid.js'

// Documents seen as events without their data, so core's matcher and sort comparator decide
// about documents exactly as they decide about events.

/** The event fields of a document (no data), for matching and sorting. @internal */
export function docView(doc: EventDoc): Event {
  const aggregate =
    doc.aggregateName === undefined
      ? undefined
      : { name: doc.aggregateName, id: bsonToId(doc.aggregateId) ?? '', version: doc.aggregateVersion ?? 0 }
  return {
    id: bsonToId(doc._id) ?? '',
    name: doc.name,
    time: new Date(0),
    timeNano: doc.time,
    data: undefined,
    aggregate,
  }
}

/** Whether a document matches the query (and the extra test). @internal */
export function docMatcher(q: Query | undefined, extra?: (doc: EventDoc) => boolean): (doc: EventDoc) => boolean {
  const match = compileQuery(q)
  return extra === undefined ? (doc) => match(docView(doc)) : (doc) => extra(doc) && match(docView(doc))
}

/** A comparator of documents by the query's sort; undefined when it does not sort. @internal */
export function docComparator(q: Query | undefined): ((a: EventDoc, b: EventDoc) => number) | undefined {
  if (q?.sort === undefined || q.sort.length === 0) return undefined
  const compare = compareEvents(q.sort)
  return (a, b) => compare(docView(a), docView(b))
}
