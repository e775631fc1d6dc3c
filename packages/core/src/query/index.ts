export type { EventMatcher } from './matcher.js'
export { compileQuery, matchesQuery } from './matcher.js'
export { compareEvents, sortEvents } from './sort.js'
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
export { validateQuery } from './validate.js'
