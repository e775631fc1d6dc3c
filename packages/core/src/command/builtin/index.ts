export type {
  AggregateDeletedData,
  AggregateDeletedEvent,
  DeleteAggregateCommand,
  DeleteAggregatePayload,
} from './delete.js'
export { AGGREGATE_DELETED, aggregateDeletedEvent, DELETE_AGGREGATE, deleteAggregate } from './delete.js'
export type { BuiltinOptions, DeletedEventFn, DeletingRepository } from './handle.js'
export { handleBuiltins } from './handle.js'
