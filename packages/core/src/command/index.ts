export * from './builtin/index.js'
export * from './handler/index.js'
export type {
  Command,
  CommandBus,
  CommandContext,
  CommandMap,
  CommandOf,
  CommandSubscription,
  DispatchOptions,
  ExecutionReport,
} from './types.js'
