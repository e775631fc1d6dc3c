import { isTaggedEvent, taggedQuery } from '../aggregate/tags.js'
import type { AggregateFactory, AggregateRoot } from '../aggregate/types.js'
import { GoesError } from '../errors/errors.js'
import type { Query } from '../query/types.js'
import type { SignalOptions } from '../stream/signal.js'
import { aggregateNameOf, queryAggregates } from './query.js'
import type { Repository } from './repository.js'
import type { FetchOptions, QueryAggregatesOptions } from './types.js'

/**
 * A {@link Repository} bound to one aggregate type through its factory: works with ids and
 * returns typed aggregates. Each fetch and each `use` attempt gets a fresh aggregate from the
 * factory.
 *
 * @example
 * ```ts
 * const lists = new TypedRepository(repo, (id) => new TodoList(id))
 * await lists.use(listId, (list) => list.add('milk')) // fetch → add → save, retried on conflicts
 * const list = await lists.fetch(listId)
 * for await (const l of lists.queryTagged('shared')) console.log(l.tasks)
 * ```
 * @public
 */
export class TypedRepository<A extends AggregateRoot> {
  readonly repository: Repository
  readonly factory: AggregateFactory<A>

  constructor(repository: Repository, factory: AggregateFactory<A>) {
    if (typeof factory !== 'function') {
      throw new GoesError(
        'INVALID_OPTION',
        'new TypedRepository(repo, factory) needs a factory: (id) => new MyAggregate(id).',
      )
    }
    this.repository = repository
    this.factory = factory
  }

  /** The aggregate name of this type (learned from the factory). */
  get aggregateName(): string {
    return aggregateNameOf(this.factory as AggregateFactory)
  }

  /** The latest state of aggregate `id` (version 0 if it was never saved). */
  fetch(id: string, options: FetchOptions = {}): Promise<A> {
    return this.repository.fetch(this.factory(id), options)
  }

  /** Aggregate `id` as it was at `version`; `NOT_FOUND` if it never got there. */
  fetchVersion(id: string, version: number, options: Omit<FetchOptions, 'version'> = {}): Promise<A> {
    return this.repository.fetch(this.factory(id), { ...options, version })
  }

  /** Saves the aggregate's changes; see {@link Repository.save}. */
  save(a: A, options: SignalOptions = {}): Promise<A> {
    return this.repository.save(a, options)
  }

  /** Fetch → `fn` → save, retried with a fresh aggregate on conflicts; see {@link Repository.use}. */
  use(id: string, fn: (aggregate: A) => void | Promise<void>, options: QueryAggregatesOptions = {}): Promise<A> {
    return this.repository.use(id, fn, { ...options, factory: this.factory })
  }

  /** Deletes every event and snapshot of aggregate `id`. */
  delete(id: string, options: SignalOptions = {}): Promise<void> {
    return this.repository.delete({ aggregateName: this.aggregateName, aggregateId: id }, options)
  }

  /** Streams the aggregates of this type that `q` selects; see {@link Repository.query}. */
  query(q: Query = {}, options: QueryAggregatesOptions = {}): AsyncIterable<A> {
    return this.repository.query(q, this.factory, options)
  }

  /** Streams the aggregates of this type that have `tag` now (untagged ones are left out). */
  queryTagged(tag: string, options: QueryAggregatesOptions = {}): AsyncIterable<A> {
    const q = taggedQuery(tag, this.aggregateName)
    const repo = this.repository
    return queryAggregates(q, {
      store: repo.store,
      factory: this.factory,
      fetch: (a, signal) => repo.fetch(a, { includeDeleted: true, ...(signal && { signal }) }).then(() => {}),
      includeDeleted: options.includeDeleted === true,
      signal: options.signal,
      accept: (e) => isTaggedEvent(e, tag),
      confirm: (a) => (a as { hasTag?: (t: string) => boolean }).hasTag?.(tag) === true,
    })
  }
}
