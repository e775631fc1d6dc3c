import { AssertionError } from 'node:assert'
import { type AggregateRoot, deepEqual, type Event, GoesError } from '@goes/core'
import { changesOf, listChanges, nameOf, show } from './format.js'

/**
 * The names of the events an aggregate records: taken from the type of its `changes`, so for
 * an `Aggregate<M>` they are the names of `M` (plus the built-in tag events).
 *
 * @example
 * ```ts
 * type Names = ChangeName<TodoList> // 'todo.task_added' | 'todo.task_removed' | 'goes.aggregate.tagged' | …
 * ```
 * @public
 */
export type ChangeName<A extends AggregateRoot> = A['changes'][number]['name']

/**
 * The data of an aggregate's change named `N`.
 *
 * @example
 * ```ts
 * type Added = ChangeData<TodoList, 'todo.task_added'> // { title: string }
 * ```
 * @public
 */
export type ChangeData<A extends AggregateRoot, N extends ChangeName<A>> = Extract<
  A['changes'][number],
  { readonly name: N }
>['data']

/**
 * Options of {@link expectChange}.
 *
 * @example
 * ```ts
 * expectChange(list, 'todo.task_added', { data: { title: 'milk' }, count: 1 })
 * ```
 * @public
 */
export interface ExpectChangeOptions<D = unknown> {
  /** Only changes whose data deeply equal this count. */
  readonly data?: D
  /** Exactly this many matching changes (default: at least one). */
  readonly count?: number
}

/**
 * Asserts that `aggregate` has an uncommitted change named `name` — with `data` deeply equal,
 * if given, and exactly `count` of them, if given (FEATURES T3). Works under any test runner:
 * it throws a node `AssertionError` whose message lists the changes the aggregate does have.
 * Names and data are typed by the aggregate's event map.
 *
 * @example
 * ```ts
 * const list = new TodoList(uuid())
 * list.add('milk')
 * expectChange(list, 'todo.task_added', { data: { title: 'milk' } })
 * ```
 * @public
 */
export function expectChange<A extends AggregateRoot, N extends ChangeName<A>>(
  aggregate: A,
  name: N,
  options: ExpectChangeOptions<ChangeData<A, N>> = {},
): void {
  const count = checkArgs(aggregate, name, options.count, 'expectChange')
  const changes = aggregate.changes
  const named = changes.filter((e) => e.name === name)
  const hasData = 'data' in options
  const matching = hasData ? named.filter((e) => deepEqual(e.data, options.data)) : named
  const ok = count === undefined ? matching.length > 0 : matching.length === count
  if (ok) return
  const withData = hasData ? ` with data ${show(options.data)}` : ''
  const wanted = count === undefined ? `an uncommitted "${name}" change` : `exactly ${changesOf(count, name)}`
  let found: string
  if (named.length === 0) found = 'it has none'
  else if (!hasData) found = `it has ${named.length}`
  else
    found = `${matching.length} of its ${changesOf(named.length, name)} ${matching.length === 1 ? 'has' : 'have'} that data`
  fail(
    `Expected ${nameOf(aggregate)} to have ${wanted}${withData}, but ${found}.\n${listChanges(changes)}`,
    changes,
    { name, ...(hasData ? { data: options.data } : {}), count: count ?? 'at least 1' },
    'expectChange',
  )
}

/**
 * Asserts that `aggregate` has no uncommitted change named `name` (with `data` deeply equal,
 * if given). Throws a node `AssertionError` listing the offending changes.
 *
 * @example
 * ```ts
 * expect(() => list.add('milk')).toThrow() // already on the list
 * expectNoChange(list, 'todo.task_added')
 * ```
 * @public
 */
export function expectNoChange<A extends AggregateRoot, N extends ChangeName<A>>(
  aggregate: A,
  name: N,
  options: Pick<ExpectChangeOptions<ChangeData<A, N>>, 'data'> = {},
): void {
  checkArgs(aggregate, name, undefined, 'expectNoChange')
  const changes = aggregate.changes
  const hasData = 'data' in options
  const matching = changes.filter((e) => e.name === name && (!hasData || deepEqual(e.data, options.data)))
  if (matching.length === 0) return
  const withData = hasData ? ` with data ${show(options.data)}` : ''
  fail(
    `Expected ${nameOf(aggregate)} to have no uncommitted "${name}" change${withData}, but it has ${matching.length}.\n` +
      listChanges(changes),
    changes,
    { name, ...(hasData ? { data: options.data } : {}), count: 0 },
    'expectNoChange',
  )
}

function checkArgs(aggregate: unknown, name: unknown, count: unknown, fn: string): number | undefined {
  const changes = (aggregate as Partial<AggregateRoot> | null | undefined)?.changes
  if (!Array.isArray(changes)) {
    throw new GoesError(
      'INVALID_OPTION',
      `${fn}() needs an aggregate (an object with a "changes" array, such as an Aggregate) as its first argument.`,
    )
  }
  if (typeof name !== 'string' || name === '') {
    throw new GoesError('INVALID_NAME', `${fn}() needs the event name as its second argument, e.g. 'todo.task_added'.`)
  }
  if (count !== undefined && (!Number.isSafeInteger(count) || (count as number) < 0)) {
    throw new GoesError(
      'INVALID_OPTION',
      `The ${fn}() option "count" must be a whole number ≥ 0, got ${show(count)}. Use expectNoChange() for none.`,
    )
  }
  return count as number | undefined
}

function fail(message: string, changes: readonly Event[], expected: object, operator: string): never {
  const actual = changes.map((e) => ({ name: e.name, version: e.aggregate?.version, data: e.data }))
  const err = new AssertionError({ message, actual, expected, operator })
  // Point the stack at the caller's assertion, not at this helper.
  Error.captureStackTrace?.(err, operator === 'expectChange' ? expectChange : expectNoChange)
  throw err
}
