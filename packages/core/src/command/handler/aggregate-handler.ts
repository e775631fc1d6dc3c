import type { AggregateFactory } from '../../aggregate/types.js'
import { GoesError } from '../../errors/errors.js'
import type { SignalOptions } from '../../stream/signal.js'
import { uuid } from '../../uuid/uuid.js'
import type { Command, CommandBus } from '../types.js'
import { type CommandTarget, isCommandTarget } from './aggregate-commands.js'
import { assertCommandBus, CommandHandler } from './handler.js'
import { type CommandHandlerOptions, invalid } from './options.js'
import type { CommandHandlerContext, RunningCommandHandler } from './running.js'

/**
 * What {@link handleAggregateCommands} needs of a repository: a `TypedRepository` (or a
 * `CachedRepository` over one) has it.
 *
 * @example
 * ```ts
 * const todos: AggregateCommandRepository<TodoList> = new TypedRepository(repo, (id) => new TodoList(id))
 * ```
 * @public
 */
export interface AggregateCommandRepository<A extends CommandTarget> {
  /** Creates an empty aggregate; the handler asks one for its name and its declared commands. */
  readonly factory: AggregateFactory<A>
  /** Fetch → `fn` → save, retried with a fresh aggregate on conflicts. */
  use(id: string, fn: (aggregate: A) => void | Promise<void>, options?: SignalOptions): Promise<A>
}

/**
 * Options of {@link handleAggregateCommands}: those of a `CommandHandler`, and the `signal`
 * that stops it.
 *
 * @example
 * ```ts
 * const options: AggregateCommandHandlerOptions = { workers: 4, signal: shutdown.signal }
 * ```
 * @public
 */
export interface AggregateCommandHandlerOptions extends CommandHandlerOptions, SignalOptions {}

/**
 * Executes the commands an aggregate declares (FEATURES C4): subscribes to the names in its
 * {@link AggregateCommands} registry and, per command, runs `repository.use(command.aggregate.id,
 * …)` — fetch, run the declared function, save; on a conflict with another writer the
 * repository retries on a fresh copy. What the function throws goes back to the dispatcher,
 * like the typed errors of a fetch (`AGGREGATE_DELETED`) or a save. A command without an
 * aggregate, or addressed to an aggregate of another name, fails with `INVALID_OPTION`.
 *
 * Resolves with the running handler once subscribed. Commands of one aggregate run one after
 * the other within this process; commands already taken are finished when it stops.
 *
 * @example
 * ```ts
 * const todos = new TypedRepository(repo, (id) => new TodoList(id))
 * const running = await handleAggregateCommands(commandBus, todos, { workers: 4 })
 * await commandBus.dispatch(newCommand('todo.add_task', { title: 'milk' }, { aggregate: { name: 'todo.list', id } }), { sync: true })
 * ```
 * @public
 */
export async function handleAggregateCommands<A extends CommandTarget>(
  bus: CommandBus,
  repository: AggregateCommandRepository<A>,
  options: AggregateCommandHandlerOptions = {},
): Promise<RunningCommandHandler> {
  assertCommandBus(bus, 'handleAggregateCommands(bus, repository)')
  const r = repository as Partial<AggregateCommandRepository<A>> | undefined
  if (typeof r?.factory !== 'function' || typeof r.use !== 'function') {
    throw new GoesError(
      'INVALID_OPTION',
      'handleAggregateCommands(bus, repository) needs a repository bound to the aggregate: new TypedRepository(repo, (id) => new MyAggregate(id)).',
    )
  }
  if (typeof options !== 'object' || options === null) {
    throw invalid('handleAggregateCommands', 'options', options, 'Pass an object such as { workers: 4 }, or nothing.')
  }
  const { signal, ...handlerOptions } = options
  // The declared names are the same for every instance; one throwaway aggregate tells them.
  const probe: unknown = repository.factory(uuid())
  const aggregateName = (probe as Partial<CommandTarget> | undefined)?.aggregateName
  if (!isCommandTarget(probe) || probe.commands.names.length === 0) {
    throw new GoesError(
      'INVALID_OPTION',
      `The aggregate "${String(aggregateName)}" declares no commands. Give it a field ` +
        '`readonly commands = new AggregateCommands<MyCommands>().on(name, (payload) => …)`.',
    )
  }
  const run = (command: Command, context: CommandHandlerContext): Promise<unknown> => {
    const target = command.aggregate
    if (target === undefined || target.name !== probe.aggregateName) {
      const got = target === undefined ? 'no aggregate' : `aggregate "${target.name}"`
      throw new GoesError(
        'INVALID_OPTION',
        `Command "${command.name}" (id ${command.id}) names ${got}, but its handler executes it on aggregates "${probe.aggregateName}". ` +
          `Dispatch it with newCommand(name, payload, { aggregate: { name: '${probe.aggregateName}', id } }).`,
      )
    }
    // No signal for use(): a command taken is carried through fetch → handle → save even while
    // the handler stops, so a half-done command never fails just because of a shutdown.
    return repository.use(target.id, async (aggregate) => {
      const fn = aggregate.commands.get(command.name)
      if (fn === undefined) {
        throw new GoesError(
          'INVALID_STATE',
          `Aggregate "${probe.aggregateName}" ${target.id} does not declare command "${command.name}", but another instance of it did. ` +
            'Declare the same commands in every instance (in the constructor or a field), not conditionally.',
        )
      }
      await fn(command.payload, { command, signal: context.signal })
    })
  }
  return new CommandHandler(bus, handlerOptions)
    .on(probe.commands.names, async (command, context) => {
      await run(command, context)
    })
    .start(signal === undefined ? {} : { signal })
}
