import type { AggregateFactory, AggregateRoot } from '../aggregate/types.js'
import { abortError } from '../errors/errors.js'
import type { Event } from '../event/event.js'
import type { AggregateFilter, Query } from '../query/types.js'
import { validateQuery } from '../query/validate.js'
import type { EventStore } from '../store/store.js'
import { uuid } from '../uuid/uuid.js'
import { applyHistory, isSoftDeleted } from './fetch.js'

/** How {@link queryAggregates} reads and filters. @internal */
export interface QueryPlan<A extends AggregateRoot> {
  readonly store: EventStore
  readonly factory: AggregateFactory<A>
  /** Fetches one aggregate whole (snapshots included), soft-deleted or not. */
  readonly fetch: (a: A, signal: AbortSignal | undefined) => Promise<void>
  readonly includeDeleted: boolean
  readonly signal: AbortSignal | undefined
  /** Only events passing this select an aggregate (the events of the query still do the work). */
  readonly accept?: (e: Event) => boolean
  /** A fetched aggregate is yielded only if this holds. */
  readonly confirm?: (a: A) => boolean
}

const names = new WeakMap<AggregateFactory, string>()

/** The aggregate name a factory creates, learned once by creating a throwaway aggregate. @internal */
export function aggregateNameOf(factory: AggregateFactory): string {
  let name = names.get(factory)
  if (name === undefined) names.set(factory, (name = factory(uuid()).aggregateName))
  return name
}

/**
 * Streams the aggregates of `factory`'s name that `q` selects, one at a time, ordered by id:
 * never more than one aggregate's history in memory.
 *
 * - A query that only names aggregates (`aggregateNames`, `aggregateIds`, `aggregates`)
 *   returns whole histories: each is read once, in version order, and rebuilt from it.
 * - A query with event filters (`names`, `ids`, `times`, `aggregateVersions`) selects the
 *   aggregates that have a matching event; each is then fetched whole.
 *
 * Soft-deleted aggregates are skipped unless `includeDeleted`. `q.sort` is ignored.
 *
 * @internal
 */
export async function* queryAggregates<A extends AggregateRoot>(q: Query, plan: QueryPlan<A>): AsyncGenerator<A> {
  validateQuery(q)
  const narrowed = narrow(q, aggregateNameOf(plan.factory as AggregateFactory))
  if (narrowed === undefined) return
  const opts = plan.signal === undefined ? {} : { signal: plan.signal }
  const whole =
    q.names === undefined && q.ids === undefined && q.times === undefined && q.aggregateVersions === undefined
  if (whole && plan.accept === undefined) {
    const sorted: Query = {
      ...narrowed,
      sort: [
        { by: 'aggregateId', dir: 'asc' },
        { by: 'aggregateVersion', dir: 'asc' },
      ],
    }
    let id: string | undefined
    let history: Event[] = []
    for await (const e of plan.store.query(sorted, opts)) {
      const eid = e.aggregate?.id
      if (eid !== id && id !== undefined) {
        const a = rebuild(plan, id, history)
        if (a !== undefined) yield a
        history = []
      }
      id = eid
      history.push(e)
    }
    if (id !== undefined) {
      const a = rebuild(plan, id, history)
      if (a !== undefined) yield a
    }
    return
  }
  let last: string | undefined
  for await (const e of plan.store.query({ ...narrowed, sort: [{ by: 'aggregateId', dir: 'asc' }] }, opts)) {
    const id = e.aggregate?.id
    if (id === undefined || id === last || (plan.accept !== undefined && !plan.accept(e))) continue
    last = id
    if (plan.signal?.aborted) throw abortError(plan.signal, 'Repository.query()')
    const a = plan.factory(id)
    await plan.fetch(a, plan.signal)
    if (a.aggregateVersion === 0 || (!plan.includeDeleted && isSoftDeleted(a))) continue
    if (plan.confirm === undefined || plan.confirm(a)) yield a
  }
}

function rebuild<A extends AggregateRoot>(plan: QueryPlan<A>, id: string, history: readonly Event[]): A | undefined {
  const a = plan.factory(id)
  applyHistory(a, history)
  return !plan.includeDeleted && isSoftDeleted(a) ? undefined : a
}

// `q` restricted to aggregates of `name`, or undefined when it cannot match any.
function narrow(q: Query, name: string): Query | undefined {
  const { sort: _ignored, ...rest } = q
  if (q.aggregateNames !== undefined && !q.aggregateNames.includes(name)) return undefined
  let aggregates: readonly AggregateFilter[] | undefined
  if (q.aggregates !== undefined) {
    aggregates = q.aggregates.filter((f) => f.name === name)
    if (aggregates.length === 0) return undefined
  }
  return aggregates === undefined
    ? { ...rest, aggregateNames: [name] }
    : { ...rest, aggregateNames: [name], aggregates }
}
