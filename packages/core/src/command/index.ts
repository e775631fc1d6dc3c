export * from './builtin/index.js'
export * from './bus/index.js'
export type { CommandAggregate, NewCommandOptions } from './command.js'
export { assertCommand, newCommand } from './command.js'
export type { CommandErrorOptions, FailOptions } from './error.js'
export { CommandError, commandError, fail, isCommandError, toCommandError } from './error.js'
export type { ErrorDetail } from './error-parts.js'
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
