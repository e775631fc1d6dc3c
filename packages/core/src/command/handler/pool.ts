/**
 * Runs items through `run` on up to `workers` concurrent slots, keeping the items of one key
 * (for commands: one aggregate) strictly in order — an item waits behind the earlier,
 * unfinished item of its key instead of occupying a slot. Items without a key take any slot.
 *
 * Keeping one aggregate's commands in order within a process means they do not race each other
 * into optimistic-concurrency conflicts; competing processes still can, and the repository's
 * retry resolves those.
 *
 * Back-pressure: at most `2 × workers` items are accepted and unfinished at once; the caller
 * awaits {@link room} before each {@link accept}, so it pulls from its source only as fast as
 * slots free up. `run` must never reject.
 *
 * @internal
 */
export class KeyedPool<T> {
  readonly #workers: number
  readonly #limit: number
  readonly #run: (item: T) => Promise<void>
  readonly #key: (item: T) => string | undefined
  #active = 0
  #accepted = 0
  /** Runnable items, FIFO. */
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

  /** `undefined` when an item can be accepted now, else a promise that resolves when it can. */
  room(): Promise<void> | undefined {
    if (this.#accepted < this.#limit) return undefined
    return new Promise<void>((resolve) => {
      this.#roomWaiter = resolve
    })
  }

  /** Accepts an item; call only when {@link room} allowed it. */
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
      // The key's next item goes to the back of the ready queue: a busy aggregate cannot
      // starve the others.
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
