import type { AggregateRoot } from '../../aggregate/types.js'
import { GoesError } from '../../errors/errors.js'
import { assertName } from '../../event/validate.js'
import type { Command, CommandMap, CommandOf } from '../types.js'

/**
 * What an aggregate command function receives besides the payload.
 *
 * @example
 * ```ts
 * commands.on('todo.add_task', (payload, { command }) => this.add(payload.title, command.id))
 * ```
 * @public
 */
export interface AggregateCommandContext<C extends Command = Command> {
  /** The command being handled (its id, name, payload and aggregate). */
  readonly command: C
  /** Aborts when the command handler stops. */
  readonly signal: AbortSignal
}

/**
 * A function an aggregate runs for a command: it records changes (`this.next(…)` through the
 * aggregate's methods) or throws to reject the command. It may run more than once for one
 * command — on a fresh copy of the aggregate — when saving conflicts and the repository
 * retries, so it must not have side effects outside the aggregate.
 *
 * @example
 * ```ts
 * const add: AggregateCommandFn<CommandOf<TodoCommands, 'todo.add_task'>> = (p) => todo.add(p.title)
 * ```
 * @public
 */
export type AggregateCommandFn<C extends Command = Command> = (
  payload: C['payload'],
  context: AggregateCommandContext<C>,
) => void | PromiseLike<void>

/**
 * The commands an aggregate handles (FEATURES C4): a registry an aggregate fills in its
 * constructor or as a field, so the arrow functions close over the aggregate instance. Pass
 * the aggregate's repository to `handleAggregateCommands` to execute them.
 *
 * @example
 * ```ts
 * class Todo extends Aggregate<TodoEvents> implements CommandTarget<TodoCommands> {
 *   readonly commands = new AggregateCommands<TodoCommands>()
 *     .on('todo.add_task', (p) => this.add(p.title))
 *     .on('todo.remove_task', (p) => this.remove(p.index))
 * }
 * ```
 * @typeParam M - the command map; `on()` narrows each function's payload by its name.
 * @public
 */
export class AggregateCommands<M extends CommandMap = CommandMap> {
  readonly #fns = new Map<string, AggregateCommandFn>()

  /** The declared command names, in declaration order. */
  get names(): readonly string[] {
    return [...this.#fns.keys()]
  }

  /**
   * Declares that the aggregate handles commands of `names` with `fn`. Returns `this`.
   * Throws `INVALID_NAME` for a bad name and `INVALID_OPTION` for a name declared twice.
   */
  on<const N extends keyof M & string>(names: N | readonly N[], fn: AggregateCommandFn<CommandOf<M, N>>): this {
    const list: readonly string[] = typeof names === 'string' ? [names] : names
    if (!Array.isArray(list) || list.length === 0) {
      throw new GoesError('INVALID_NAME', 'AggregateCommands.on() needs a command name or a non-empty array of names.')
    }
    for (const name of list) assertName(name, 'command name passed to AggregateCommands.on()')
    if (typeof fn !== 'function') {
      throw new GoesError('INVALID_OPTION', 'AggregateCommands.on() needs a function as its second argument.')
    }
    for (const name of list) {
      if (this.#fns.has(name)) {
        throw new GoesError(
          'INVALID_OPTION',
          `The aggregate declares command "${name}" twice; a command has exactly one handler. Keep one of the on() calls.`,
        )
      }
    }
    for (const name of list) this.#fns.set(name, fn as AggregateCommandFn)
    return this
  }

  /** The function declared for `name`, if any. */
  get(name: string): AggregateCommandFn | undefined {
    return this.#fns.get(name)
  }
}

/**
 * An aggregate that declares the commands it handles in a `commands` registry.
 *
 * @example
 * ```ts
 * class Todo extends Aggregate<TodoEvents> implements CommandTarget<TodoCommands> {
 *   readonly commands = new AggregateCommands<TodoCommands>().on('todo.add_task', (p) => this.add(p.title))
 * }
 * ```
 * @public
 */
export interface CommandTarget<M extends CommandMap = CommandMap> extends AggregateRoot {
  readonly commands: AggregateCommands<M>
}

/** Reports whether `a` declares its commands (has an {@link AggregateCommands} registry). @internal */
export function isCommandTarget(a: unknown): a is CommandTarget {
  const commands = (a as Partial<CommandTarget> | null | undefined)?.commands
  return (
    typeof commands === 'object' &&
    commands !== null &&
    typeof commands.get === 'function' &&
    Array.isArray(commands.names)
  )
}
