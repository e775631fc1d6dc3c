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
