import type { Event } from '../event/event.js'

/**
 * Remembers the ids of replayed events so the live stream can skip the ones it delivers again.
 *
 * Why duplicates happen: the handler subscribes BEFORE it queries the store, so nothing
 * published during the replay is missed. An event stored and published in that window (or
 * stored before and published after the subscription started — `withBus` inserts, then
 * publishes) comes out of the replay AND the subscription.
 *
 * Why memory stays bounded: only such recent events can come back live. The live stream has a
 * position — the subscribe time at first, then the newest live event time seen — and a replayed
 * event is remembered only while its time is within `windowNs` of that position (the window
 * absorbs publish lag and clock skew between publishers). Older events are never remembered;
 * remembered ones are forgotten when the live stream passes them by more than the window, or
 * when their duplicate arrives. Replays come sorted by time, so forgetting pops from the front.
 *
 * The cost of the bound: an event published later than `window` after its time, or a live event
 * stamped far in the future, can lead to a replayed event being handled twice — the usual
 * at-least-once guarantee of event handlers. `windowNs` undefined remembers every replayed id.
 *
 * @internal
 */
export class ReplayMemory {
  readonly #windowNs: bigint | undefined
  #position: bigint
  readonly #ids = new Set<string>()
  // Parallel arrays in replay (time) order; no event objects kept, so no data is retained.
  #orderIds: string[] = []
  #orderTimes: bigint[] = []
  #head = 0

  constructor(subscribedAtNano: bigint, windowNs: bigint | undefined) {
    this.#position = subscribedAtNano
    this.#windowNs = windowNs
  }

  /** Number of ids remembered now (for tests and diagnostics). */
  get size(): number {
    return this.#ids.size
  }

  /** Records a replayed event. */
  remember(event: Event): void {
    if (this.#windowNs !== undefined && event.timeNano < this.#position - this.#windowNs) return
    this.#ids.add(event.id)
    this.#orderIds.push(event.id)
    this.#orderTimes.push(event.timeNano)
  }

  /** Reports whether a live event was already replayed (then skip it); advances the position. */
  replayed(event: Event): boolean {
    if (this.#ids.size === 0) return false
    if (event.timeNano > this.#position) {
      this.#position = event.timeNano
      this.#forgetPassed()
    }
    return this.#ids.delete(event.id)
  }

  #forgetPassed(): void {
    if (this.#windowNs === undefined) return
    const horizon = this.#position - this.#windowNs
    const ids = this.#orderIds
    const times = this.#orderTimes
    let head = this.#head
    while (head < ids.length && (times[head] as bigint) < horizon) {
      this.#ids.delete(ids[head] as string)
      head++
    }
    if (this.#ids.size === 0) {
      this.#orderIds = []
      this.#orderTimes = []
      head = 0
    } else if (head > 1024 && head * 2 > ids.length) {
      this.#orderIds = ids.slice(head)
      this.#orderTimes = times.slice(head)
      head = 0
    }
    this.#head = head
  }
}
