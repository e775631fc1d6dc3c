import { GoesError } from '../errors/errors.js'
import { formatValue } from '../errors/format.js'
import { assertName } from '../event/validate.js'
import { assertUUID, isUUID, NIL_UUID, uuid } from '../uuid/uuid.js'
import type { Command } from './types.js'

/**
 * The aggregate a command is addressed to.
 *
 * @example
 * ```ts
 * const target: CommandAggregate = { name: 'todo.list', id: listId }
 * ```
 * @public
 */
export interface CommandAggregate {
  readonly name: string
  readonly id: string
}

/**
 * Options of {@link newCommand}.
 *
 * @example
 * ```ts
 * const options: NewCommandOptions = { aggregate: { name: 'todo.list', id: listId } }
 * ```
 * @public
 */
export interface NewCommandOptions {
  /** The command id; a new UUID v7 by default. */
  id?: string
  /** The aggregate the command is addressed to. */
  aggregate?: CommandAggregate
}

/**
 * Creates a command. Validates the name, id and aggregate and throws a typed error on bad input
 * (`INVALID_NAME`, `INVALID_UUID`, `NIL_UUID`, `INVALID_OPTION`). The command and its aggregate
 * ref are frozen; the payload is not.
 *
 * @example
 * ```ts
 * const cmd = newCommand('todo.add_task', { title: 'milk' }, { aggregate: { name: 'todo.list', id: listId } })
 * await commandBus.dispatch(cmd, { sync: true })
 * ```
 * @public
 */
export function newCommand<const Name extends string, Payload>(
  name: Name,
  payload: Payload,
  options: NewCommandOptions = {},
): Command<Name, Payload> {
  if (typeof options !== 'object' || options === null) {
    throw new GoesError(
      'INVALID_OPTION',
      `newCommand() takes its options as an object { id?, aggregate? }, got ${formatValue(options)}.`,
    )
  }
  assertName(name, 'command name')
  const id = options.id ?? uuid()
  if (options.id !== undefined) assertUUID(id, `id of command "${name}"`)
  let aggregate: CommandAggregate | undefined
  if (options.aggregate !== undefined) {
    assertCommandAggregate(options.aggregate, name)
    aggregate = Object.freeze({ name: options.aggregate.name, id: options.aggregate.id })
  }
  return Object.freeze({ id, name, payload, aggregate })
}

/**
 * Throws a typed error unless `command` is a well-formed command: an object with a valid name,
 * a non-nil UUID id and, if present, a valid aggregate `{ name, id }`. Command buses call it
 * before dispatching.
 *
 * @example
 * ```ts
 * assertCommand({ id: uuid(), name: 'todo.add_task', payload: {} }) // passes
 * assertCommand({ name: 'todo.add_task' }) // throws INVALID_UUID
 * ```
 * @public
 */
export function assertCommand(command: unknown): asserts command is Command {
  if (typeof command !== 'object' || command === null) {
    throw new GoesError(
      'INVALID_OPTION',
      `A command must be an object { id, name, payload, aggregate? }, got ${formatValue(command)}. Create commands with newCommand().`,
    )
  }
  const c = command as Partial<Command>
  assertName(c.name, 'command name')
  // The label names the command: build it only to explain a bad id.
  if (!isUUID(c.id) || c.id === NIL_UUID) assertUUID(c.id, `id of command "${c.name}"`)
  if (c.aggregate !== undefined) assertCommandAggregate(c.aggregate, c.name)
}

function assertCommandAggregate(ref: unknown, commandName: string): asserts ref is CommandAggregate {
  if (typeof ref !== 'object' || ref === null) {
    throw new GoesError(
      'INVALID_OPTION',
      `The aggregate of command "${commandName}" must be an object { name, id }, got ${formatValue(ref)}. Leave it out for a command without an aggregate.`,
    )
  }
  const r = ref as Partial<CommandAggregate>
  assertName(r.name, `aggregate name of command "${commandName}"`)
  assertUUID(r.id, `aggregate id of command "${commandName}"`)
}
