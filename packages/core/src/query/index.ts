export { QueryBuilder, query } from './builder.js'
export type { EventMatcher } from './matcher.js'
export { compileQuery, matchesQuery } from './matcher.js'
export { mergeQueries } from './merge.js'
export type { TimeInput } from './range-builder.js'
export { TimeFilterBuilder, VersionFilterBuilder } from './range-builder.js'
export { parseQuery, serializeQuery } from './serialize.js'
export { compareEvents, sortEvents } from './sort.js'
export { isSupersetOf } from './superset.js'
export type {
  AggregateFilter,
  Query,
  RangeFilter,
  SortDirection,
  SortField,
  Sorting,
  TimeFilter,
  VersionFilter,
} from './types.js'
export { QUERY_FILTER_KEYS, validateQuery } from './validate.js'
