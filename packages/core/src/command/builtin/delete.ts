import type { AggregateRef, Event } from '../../event/event.js'
import { newEvent } from '../../event/factory.js'
import { newCommand } from '../command.js'
import type { Command } from '../types.js'

/**
 * Name of the built-in command that deletes an aggregate.
 *
 * @example
 * ```ts
 * if (command.name === DELETE_AGGREGATE) audit.log('delete', command.aggregate)
 * ```
 * @public
 */
export const DELETE_AGGREGATE = 'goes.command.delete_aggregate'

/**
 * Name of the built-in event published after an aggregate was deleted.
 *
 * @example
 * ```ts
 * new EventHandler(bus).on(AGGREGATE_DELETED, (e) => projection.drop(e.data.name, e.data.id))
 * ```
 * @public
 */
export const AGGREGATE_DELETED = 'goes.aggregate.deleted'

/**
 * The payload of the built-in delete command: empty — the command's `aggregate` says what to delete.
 *
 * @example
 * ```ts
 * const payload: DeleteAggregatePayload = deleteAggregate('todo.list', id).payload // {}
 * ```
 * @public
 */
export type DeleteAggregatePayload = Readonly<Record<string, never>>

/**
 * The built-in delete command, as {@link deleteAggregate} creates it.
 *
 * @example
 * ```ts
 * const cmd: DeleteAggregateCommand = deleteAggregate('todo.list', id)
 * ```
 * @public
 */
export type DeleteAggregateCommand = Command<typeof DELETE_AGGREGATE, DeleteAggregatePayload> & {
  readonly aggregate: { readonly name: string; readonly id: string }
}

/**
 * Data of the built-in {@link AGGREGATE_DELETED} event: the aggregate and the version of its
 * last deleted event.
 *
 * @example
 * ```ts
 * const data: AggregateDeletedData = { name: 'todo.list', id, version: 3 }
 * ```
 * @public
 */
export interface AggregateDeletedData {
  readonly name: string
  readonly id: string
  readonly version: number
}

/**
 * The built-in "aggregate deleted" event.
 *
 * @example
 * ```ts
 * const [deleted] = await (await awaitEvents<AggregateDeletedEvent>(bus, AGGREGATE_DELETED)).events
 * ```
 * @public
 */
export type AggregateDeletedEvent = Event<typeof AGGREGATE_DELETED, AggregateDeletedData>

/**
 * Creates the built-in command that deletes the aggregate `name`/`id` by deleting all its
 * events (FEATURES C5). Run `handleBuiltins` somewhere to execute it. Throws `INVALID_NAME` /
 * `INVALID_UUID` / `NIL_UUID` for a bad name or id.
 *
 * @example
 * ```ts
 * await commandBus.dispatch(deleteAggregate('todo.list', listId), { sync: true })
 * ```
 * @public
 */
export function deleteAggregate(name: string, id: string): DeleteAggregateCommand {
  return newCommand(DELETE_AGGREGATE, Object.freeze({}) as DeleteAggregatePayload, {
    aggregate: { name, id },
  }) as DeleteAggregateCommand
}

/**
 * Creates the built-in {@link AGGREGATE_DELETED} event for a deleted aggregate — what
 * `handleBuiltins` publishes unless a custom event is configured for the aggregate's name. A
 * custom `deletedEvents` function may return it next to its own event to publish both.
 *
 * The event has no `aggregate` field: it is not part of the (deleted) history.
 *
 * @example
 * ```ts
 * handleBuiltins(commandBus, { store, eventBus, deletedEvents: {
 *   'todo.list': (ref) => [newEvent('todo.list_deleted', { id: ref.id }), aggregateDeletedEvent(ref)],
 * } })
 * ```
 * @public
 */
export function aggregateDeletedEvent(ref: AggregateRef): AggregateDeletedEvent {
  return newEvent(AGGREGATE_DELETED, { name: ref.name, id: ref.id, version: ref.version })
}
