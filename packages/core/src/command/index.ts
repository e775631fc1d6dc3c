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
