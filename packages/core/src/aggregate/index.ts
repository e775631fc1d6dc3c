export type { AggregateFactory, AggregateId, AggregateRoot, Snapshotter } from './types.js'
