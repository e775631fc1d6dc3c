/**
 * Runs items through `run` on up to `workers` concurrent slots while keeping the items of one
 * key strictly in order: an item waits behind the earlier, unfinished item of its key instead of
 * occupying a slot. Items without a key (`key` returns `undefined`) take any free slot. The event
 * handler keys events, and the command handler commands, by their aggregate (see
 * {@link aggregateKey}): one aggregate's events are handled, and its commands executed, in order.
 *
 * Back-pressure: at most `2 × workers` items are accepted and unfinished at once. The caller
 * awaits {@link room} before each {@link accept}, so it pulls from its source only as fast as
 * slots free up. The extra `workers` items are buffered so a slot freed by a finished item is
 * refilled at once, and so that items of other keys can overtake a busy key.
 *
 * `run` must never reject: the handlers catch and report their failures themselves.
 *
 * @internal
 */
export class KeyedPool<T> {
  readonly #workers: number
  readonly #limit: number
  readonly #key: (item: T) => string | undefined
  readonly #run: (item: T) => Promise<void>
  #active = 0
  #accepted = 0
  /** Runnable items, FIFO; never longer than the accepted limit. */
  readonly #ready: T[] = []
  /** Keys with an accepted, unfinished item → the later items queued behind it. */
  readonly #blocked = new Map<string, T[]>()
  #roomWaiter: (() => void) | undefined
  #idleWaiters: (() => void)[] = []

  constructor(workers: number, key: (item: T) => string | undefined, run: (item: T) => Promise<void>) {
    this.#workers = workers
    this.#limit = workers * 2
    this.#key = key
    this.#run = run
  }

  /** Number of accepted items not finished yet. */
  get pending(): number {
    return this.#accepted
  }

  /** `undefined` when an item can be accepted now, else a promise that resolves when it can. */
  room(): Promise<void> | undefined {
    if (this.#accepted < this.#limit) return undefined
    return new Promise<void>((resolve) => {
      this.#roomWaiter = resolve
    })
  }

  /** Accepts an item; call only when {@link room} allowed it (the pool does not re-check). */
  accept(item: T): void {
    this.#accepted++
    const key = this.#key(item)
    if (key !== undefined) {
      const queue = this.#blocked.get(key)
      if (queue !== undefined) {
        queue.push(item)
        return
      }
      this.#blocked.set(key, [])
    }
    if (this.#active < this.#workers) this.#start(item, key)
    else this.#ready.push(item)
  }

  /** Resolves once every accepted item has finished. */
  idle(): Promise<void> {
    if (this.#accepted === 0) return Promise.resolve()
    return new Promise<void>((resolve) => {
      this.#idleWaiters.push(resolve)
    })
  }

  #start(item: T, key: string | undefined): void {
    this.#active++
    this.#run(item).then(
      () => this.#finish(key),
      () => this.#finish(key),
    )
  }

  #finish(key: string | undefined): void {
    this.#active--
    this.#accepted--
    if (key !== undefined) {
      const queue = this.#blocked.get(key)
      const next = queue?.shift()
      // The key's next item becomes runnable; it goes to the back of the ready queue so a busy
      // key cannot starve the others.
      if (next !== undefined) this.#ready.push(next)
      else this.#blocked.delete(key)
    }
    while (this.#active < this.#workers && this.#ready.length > 0) {
      const item = this.#ready.shift() as T
      this.#start(item, this.#key(item))
    }
    const waiter = this.#roomWaiter
    if (waiter !== undefined && this.#accepted < this.#limit) {
      this.#roomWaiter = undefined
      waiter()
    }
    if (this.#accepted === 0 && this.#idleWaiters.length > 0) {
      const waiters = this.#idleWaiters
      this.#idleWaiters = []
      for (const w of waiters) w()
    }
  }
}

/**
 * The pool key of something addressed to an aggregate: its name and id (NUL cannot occur in a
 * valid name, so two aggregates never share a key); `undefined` without an aggregate.
 *
 * @internal
 */
export function aggregateKey(
  aggregate: { readonly name: string; readonly id: string } | undefined,
): string | undefined {
  return aggregate === undefined ? undefined : `${aggregate.name}\u0000${aggregate.id}`
}
