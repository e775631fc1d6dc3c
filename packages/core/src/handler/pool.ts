import type { Event } from '../event/event.js'

/**
 * Runs events through `run` on up to `workers` concurrent slots while keeping the events of one
 * aggregate (same aggregate name and id) strictly in order: an event waits behind the earlier,
 * unfinished event of its aggregate instead of occupying a slot. Events without an aggregate
 * take any free slot.
 *
 * Back-pressure: at most `2 × workers` events are accepted and unfinished at once. The caller
 * awaits {@link room} before each {@link accept}, so it pulls from its source only as fast as
 * slots free up. The extra `workers` events are buffered so a slot freed by a finished event is
 * refilled at once, and so that events of other aggregates can overtake a busy aggregate.
 *
 * `run` must never reject: the event handler catches and reports handler failures itself.
 *
 * @internal
 */
export class WorkerPool {
  readonly #workers: number
  readonly #limit: number
  readonly #run: (event: Event) => Promise<void>
  #active = 0
  #accepted = 0
  /** Runnable events, FIFO; never longer than the accepted limit. */
  readonly #ready: Event[] = []
  /** Aggregates with an accepted, unfinished event → the later events queued behind it. */
  readonly #blocked = new Map<string, Event[]>()
  #roomWaiter: (() => void) | undefined
  #idleWaiters: (() => void)[] = []

  constructor(workers: number, run: (event: Event) => Promise<void>) {
    this.#workers = workers
    this.#limit = workers * 2
    this.#run = run
  }

  /** Number of accepted events not finished yet. */
  get pending(): number {
    return this.#accepted
  }

  /** `undefined` when an event can be accepted now, else a promise that resolves when it can. */
  room(): Promise<void> | undefined {
    if (this.#accepted < this.#limit) return undefined
    return new Promise<void>((resolve) => {
      this.#roomWaiter = resolve
    })
  }

  /** Accepts an event; call only when {@link room} allowed it (the pool does not re-check). */
  accept(event: Event): void {
    this.#accepted++
    const key = keyOf(event)
    if (key !== undefined) {
      const queue = this.#blocked.get(key)
      if (queue !== undefined) {
        queue.push(event)
        return
      }
      this.#blocked.set(key, [])
    }
    if (this.#active < this.#workers) this.#start(event, key)
    else this.#ready.push(event)
  }

  /** Resolves once every accepted event has finished. */
  idle(): Promise<void> {
    if (this.#accepted === 0) return Promise.resolve()
    return new Promise<void>((resolve) => {
      this.#idleWaiters.push(resolve)
    })
  }

  #start(event: Event, key: string | undefined): void {
    this.#active++
    this.#run(event).then(
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
      // The aggregate's next event becomes runnable; it goes to the back of the ready queue so
      // a busy aggregate cannot starve the others.
      if (next !== undefined) this.#ready.push(next)
      else this.#blocked.delete(key)
    }
    while (this.#active < this.#workers && this.#ready.length > 0) {
      const event = this.#ready.shift() as Event
      this.#start(event, keyOf(event))
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

function keyOf(event: Event): string | undefined {
  const a = event.aggregate
  return a === undefined ? undefined : `${a.name}\u0000${a.id}`
}
