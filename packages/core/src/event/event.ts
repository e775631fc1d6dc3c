/**
 * The aggregate an event belongs to: its name, its id and the version this event gives it.
 *
 * @public
 */
export interface AggregateRef {
  readonly name: string
  readonly id: string
  readonly version: number
}

/**
 * An event: a plain, readonly record of something that happened.
 *
 * - `time` is the millisecond `Date`; `timeNano` the same instant in nanoseconds since the
 *   epoch, which is what stores sort and filter by.
 * - `data` may be decoded lazily: events that crossed a wire decode their data the first
 *   time it is read, at most once.
 *
 * @typeParam Name - the event's name as a string literal type.
 * @typeParam Data - the type of the event's data.
 * @public
 */
export interface Event<Name extends string = string, Data = unknown> {
  readonly id: string
  readonly name: Name
  readonly time: Date
  readonly timeNano: bigint
  readonly data: Data
  readonly aggregate?: AggregateRef | undefined
}

/**
 * A map from event names to their data types — declare it once, derive everything from it.
 *
 * @example
 * ```ts
 * type TodoEvents = {
 *   'todo.task_added': { title: string }
 *   'todo.task_removed': { title: string }
 * }
 * ```
 * @public
 */
export type EventMap = Record<string, unknown>

/**
 * The union of events of an {@link EventMap}, discriminated by `name`; narrow with `switch`.
 *
 * @example
 * ```ts
 * function apply(e: EventOf<TodoEvents>) {
 *   switch (e.name) { case 'todo.task_added': e.data.title }
 * }
 * ```
 * @public
 */
export type EventOf<M extends EventMap, K extends keyof M & string = keyof M & string> = {
  [N in K]: Event<N, M[N]>
}[K]
