import type { Event, EventMap, EventOf } from '../event/event.js'
import type { Aggregate } from './aggregate.js'

/**
 * The event map an aggregate class was declared with.
 *
 * @example
 * ```ts
 * type M = EventMapOf<TodoList> // ListEvents
 * ```
 * @public
 */
export type EventMapOf<A> = A extends Aggregate<infer M> ? M : never

/**
 * The union of an aggregate's own events (the built-in tag events aside), discriminated by
 * `name` — for code that handles its events, such as projections and tests.
 *
 * @example
 * ```ts
 * function describe(e: EventOfAggregate<TodoList>) {
 *   switch (e.name) { case 'todo.task_added': return `added ${e.data.title}` }
 * }
 * ```
 * @public
 */
export type EventOfAggregate<A> = EventOf<EventMapOf<A>>

/**
 * The event names of an aggregate.
 *
 * @example
 * ```ts
 * const names: EventNameOf<TodoList>[] = ['todo.task_added', 'todo.task_removed']
 * ```
 * @public
 */
export type EventNameOf<A> = keyof EventMapOf<A> & string

/**
 * The event of one name of an event map: the "event helper type bound to a name"
 * (FEATURES A1).
 *
 * @example
 * ```ts
 * type TaskAdded = AggregateEvent<ListEvents, 'todo.task_added'> // Event<'todo.task_added', { title: string }>
 * const onAdded = (e: TaskAdded) => e.data.title
 * ```
 * @public
 */
export type AggregateEvent<M extends EventMap, N extends keyof M & string> = Event<N, M[N]>
