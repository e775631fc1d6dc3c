import type { Query, RangeFilter, SortField, Sorting } from '@goes/core'
import type { Document, Filter, Sort } from 'mongodb'
import type { EventDoc } from './schema.js'
import { idToBson } from './uuid.js'

// A goes Query as a MongoDB filter and sort on the event documents. Single values become plain
// equalities (FerretDB evaluates those in PostgreSQL; `$in` and ranges it evaluates itself).
// The query is validated by the caller.

const SORT_FIELD: Record<SortField, keyof EventDoc> = {
  time: 'time',
  aggregateName: 'aggregateName',
  aggregateId: 'aggregateId',
  aggregateVersion: 'aggregateVersion',
}

/** The filter of a (validated) query, ANDed with `extra`. @internal */
export function queryFilter(q: Query | undefined, extra?: Filter<EventDoc>): Filter<EventDoc> {
  const f: Document = {}
  const and: Document[] = []
  if (q !== undefined) {
    if (q.names !== undefined) f.name = oneOf(q.names)
    if (q.ids !== undefined) f._id = oneOf(q.ids.map((id) => idToBson(id)))
    if (q.times !== undefined) range(f, and, 'time', q.times)
    if (q.aggregateNames !== undefined) f.aggregateName = oneOf(q.aggregateNames)
    if (q.aggregateIds !== undefined) f.aggregateId = oneOf(q.aggregateIds.map((id) => idToBson(id)))
    // Versions ≥ 1 only: events without aggregate (version 0) never match a version filter.
    if (q.aggregateVersions !== undefined) range(f, and, 'aggregateVersion', q.aggregateVersions, 1)
    if (q.aggregates !== undefined) pairs(f, and, q.aggregates)
  }
  if (extra !== undefined) and.push(extra)
  if (and.length > 0) {
    if (Object.keys(f).length === 0 && and.length === 1) return and[0] as Filter<EventDoc>
    f.$and = and
  }
  return f as Filter<EventDoc>
}

/** The MongoDB sort of a query's sort; undefined when the query does not sort. @internal */
export function querySort(sort: readonly Sorting[] | undefined): Sort | undefined {
  if (sort === undefined || sort.length === 0) return undefined
  const out: Record<string, 1 | -1> = {}
  for (const s of sort) out[SORT_FIELD[s.by]] = s.dir === 'desc' ? -1 : 1
  return out
}

function oneOf<T>(values: readonly T[]): T | { $in: T[] } {
  return values.length === 1 ? values[0]! : { $in: [...values] }
}

function range<T extends number | bigint>(
  f: Document,
  and: Document[],
  field: string,
  r: RangeFilter<T>,
  floor?: T,
): void {
  const cond: Document = {}
  if (r.min !== undefined || floor !== undefined) {
    cond.$gte = r.min === undefined ? floor : floor === undefined || r.min > floor ? r.min : floor
  }
  if (r.max !== undefined) cond.$lte = r.max
  if (r.exact !== undefined) cond.$in = [...r.exact]
  if (Object.keys(cond).length > 0) f[field] = cond
  if (r.ranges !== undefined) {
    and.push({ $or: r.ranges.map(([from, to]) => ({ [field]: { $gte: from, $lte: to } })) })
  }
}

function pairs(f: Document, and: Document[], list: NonNullable<Query['aggregates']>): void {
  const alternatives = list.map((p) =>
    p.id === undefined ? { aggregateName: p.name } : { aggregateName: p.name, aggregateId: idToBson(p.id) },
  )
  if (alternatives.length === 1 && f.aggregateName === undefined && f.aggregateId === undefined) {
    Object.assign(f, alternatives[0])
  } else {
    and.push({ $or: alternatives })
  }
}
