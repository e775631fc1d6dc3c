import type { EventBus } from '../../bus/bus.js'
import { GoesError, NotFoundError } from '../../errors/errors.js'
import type { AggregateRef, Event } from '../../event/event.js'
import { assertEvent } from '../../event/factory.js'
import type { EventStore } from '../../store/store.js'
import type { SignalOptions } from '../../stream/signal.js'
import { assertCommandBus, CommandHandler } from '../handler/handler.js'
import { type CommandHandlerOptions, invalid, resolveCommandOptions } from '../handler/options.js'
import type { CommandHandlerContext, RunningCommandHandler } from '../handler/running.js'
import type { Command, CommandBus } from '../types.js'
import { aggregateDeletedEvent, DELETE_AGGREGATE, type DeleteAggregatePayload } from './delete.js'

/**
 * Makes the event(s) to publish when an aggregate was deleted, instead of the built-in
 * `goes.aggregate.deleted` event (return `aggregateDeletedEvent(ref)` too to publish both).
 * `ref.version` is the version of the last deleted event.
 *
 * @example
 * ```ts
 * const onDeleted: DeletedEventFn = (ref) => newEvent('todo.list_deleted', { id: ref.id })
 * ```
 * @public
 */
export type DeletedEventFn = (ref: AggregateRef) => Event | readonly Event[]

/**
 * Options of {@link handleBuiltins}.
 *
 * @example
 * ```ts
 * const options: BuiltinOptions = { store, eventBus, workers: 2 }
 * ```
 * @public
 */
export interface BuiltinOptions extends CommandHandlerOptions, SignalOptions {
  /** The store to delete events from (default: the repository's store). */
  readonly store?: EventStore
  /**
   * Delete through this repository instead: it also deletes the aggregate's snapshots. Give a
   * repository with a snapshot store, or stale snapshots outlive their events.
   */
  readonly repository?: DeletingRepository
  /** Where the "deleted" events are published (they are not stored: the history is gone). */
  readonly eventBus: EventBus
  /** Per aggregate name, the event(s) published instead of the built-in one. */
  readonly deletedEvents?: Readonly<Record<string, DeletedEventFn>>
}

type BuiltinCommands = { [DELETE_AGGREGATE]: DeleteAggregatePayload }

/**
 * What {@link handleBuiltins} needs of a repository: a `Repository` has it.
 *
 * @example
 * ```ts
 * const repository: DeletingRepository = new Repository(store, { snapshots: { store: snapshots } })
 * ```
 * @public
 */
export interface DeletingRepository {
  readonly store: EventStore
  delete(
    aggregate: { readonly aggregateName: string; readonly aggregateId: string },
    options?: SignalOptions,
  ): Promise<void>
}

const OWN_KEYS = ['store', 'repository', 'eventBus', 'deletedEvents', 'signal'] as const

/**
 * Handles the built-in commands — today `deleteAggregate` — with one call (FEATURES C5), and
 * resolves with the running handler (stop it, read its `errors`).
 *
 * Deleting queries every event of the aggregate, builds the "deleted" event(s) (the built-in
 * `goes.aggregate.deleted` one, or `deletedEvents[name](ref)`), deletes the events and then
 * publishes. An aggregate without events fails the command with `NOT_FOUND`. Query and delete
 * are not atomic: an event saved in between survives — stop writing to an aggregate before
 * deleting it. With a `repository`, deleting goes through it and removes the snapshots too.
 *
 * @example
 * ```ts
 * const builtins = await handleBuiltins(commandBus, { store, eventBus: bus })
 * await commandBus.dispatch(deleteAggregate('todo.list', listId), { sync: true })
 * await builtins.stop()
 * ```
 * @public
 */
export async function handleBuiltins(bus: CommandBus, options: BuiltinOptions): Promise<RunningCommandHandler> {
  assertCommandBus(bus, 'handleBuiltins(bus, options)')
  if (typeof options !== 'object' || options === null) {
    throw invalid('handleBuiltins', 'options', options, 'Pass { store, eventBus }.')
  }
  const { store: storeOption, repository, eventBus, deletedEvents = {}, signal, ...handlerOptions } = options
  resolveCommandOptions(options, 'handleBuiltins', OWN_KEYS)
  if (repository !== undefined && (typeof repository?.delete !== 'function' || typeof repository.store !== 'object')) {
    throw invalid('handleBuiltins', 'repository', repository, 'Pass a Repository, or leave it out and pass a store.')
  }
  const store = storeOption ?? repository?.store
  if (typeof (store as Partial<EventStore> | undefined)?.query !== 'function' || typeof store?.delete !== 'function') {
    throw invalid(
      'handleBuiltins',
      'store',
      store,
      'Pass the EventStore the aggregates are saved in (or a repository).',
    )
  }
  if (typeof (eventBus as Partial<EventBus> | undefined)?.publish !== 'function') {
    throw invalid('handleBuiltins', 'eventBus', eventBus, 'Pass the EventBus to publish the "deleted" events on.')
  }
  if (typeof deletedEvents !== 'object' || deletedEvents === null) {
    throw invalid('handleBuiltins', 'deletedEvents', deletedEvents, "Pass { 'aggregate.name': (ref) => event }.")
  }
  for (const [name, fn] of Object.entries(deletedEvents)) {
    if (typeof fn !== 'function') {
      throw invalid('handleBuiltins', `deletedEvents["${name}"]`, fn, 'Pass a function (ref) => event.')
    }
  }
  const deleter = new AggregateDeleter(store, repository, eventBus, deletedEvents)
  return new CommandHandler<BuiltinCommands>(bus, handlerOptions)
    .on(DELETE_AGGREGATE, (command, context) => deleter.run(command, context))
    .start(signal === undefined ? {} : { signal })
}

class AggregateDeleter {
  constructor(
    readonly store: EventStore,
    readonly repository: DeletingRepository | undefined,
    readonly eventBus: EventBus,
    readonly deletedEvents: Readonly<Record<string, DeletedEventFn>>,
  ) {}

  async run(command: Command<typeof DELETE_AGGREGATE, DeleteAggregatePayload>, { signal }: CommandHandlerContext) {
    const target = command.aggregate
    if (target === undefined) {
      throw new GoesError(
        'INVALID_OPTION',
        `Command "${DELETE_AGGREGATE}" (id ${command.id}) names no aggregate. Create it with deleteAggregate(name, id).`,
      )
    }
    const ids: { id: string }[] = []
    let version = 0
    for await (const e of this.store.query({ aggregates: [target] }, { signal })) {
      ids.push({ id: e.id })
      const v = e.aggregate?.version ?? 0
      if (v > version) version = v
    }
    if (ids.length === 0) {
      throw new NotFoundError(
        `Aggregate "${target.name}" ${target.id} has no events, so there is nothing to delete. Check the name and id, or treat NOT_FOUND as "already deleted".`,
      )
    }
    const ref: AggregateRef = { name: target.name, id: target.id, version }
    // Built before deleting: a failing custom event function must leave the aggregate intact.
    const events = this.#deletedEvents(ref)
    if (this.repository === undefined) await this.store.delete(ids, { signal })
    else await this.repository.delete({ aggregateName: target.name, aggregateId: target.id }, { signal })
    await this.eventBus.publish(events, { signal })
  }

  #deletedEvents(ref: AggregateRef): readonly Event[] {
    const custom = Object.hasOwn(this.deletedEvents, ref.name) ? this.deletedEvents[ref.name] : undefined
    if (custom === undefined) return [aggregateDeletedEvent(ref)]
    const out = custom(ref)
    const events: readonly unknown[] = Array.isArray(out) ? out : [out]
    for (const e of events) assertEvent(e)
    return events as readonly Event[]
  }
}
