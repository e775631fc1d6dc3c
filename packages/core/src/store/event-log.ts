import type { Event } from '../event/event.js'

/** log2 of the events per chunk of an {@link EventLog}. @internal */
export const CHUNK_BITS = 12
/** Events per chunk of an {@link EventLog}: 4096 refs, 32 KiB, an ordinary young object. @internal */
export const CHUNK_SIZE = 1 << CHUNK_BITS
const MASK = CHUNK_SIZE - 1

/**
 * The memory store's events in insertion order, in chunks of {@link CHUNK_SIZE}: every chunk
 * but the last is full, so position `p` is `chunk(p >> 12)[p & 4095]`.
 *
 * Why not one array: an array that grows by doubling copies everything at every step, and
 * each new backing store is a large object in freshly mapped memory. Measured on Node 20,
 * appending 100k events that way cost ~85 ns each — most of an insert, and as much as the
 * rest of the insert path together; filling 4096-event chunks costs ~3 ns.
 *
 * Appends never touch existing positions, and {@link EventLog.truncate} only drops positions
 * at the end, so positions below a length taken earlier keep their events: a (log, length)
 * pair is a snapshot, as long as nothing replaces the log (a delete builds a new one).
 *
 * @internal
 */
export class EventLog {
  readonly #chunks: Event[][] = []
  #length = 0

  /** Builds a log of `events`, in order. */
  static of(events: Iterable<Event>): EventLog {
    const log = new EventLog()
    for (const e of events) log.push(e)
    return log
  }

  get length(): number {
    return this.#length
  }

  /** The event at `position`, or undefined past the end. */
  at(position: number): Event | undefined {
    return this.#chunks[position >>> CHUNK_BITS]?.[position & MASK]
  }

  /** Chunk `index`: positions `[index * CHUNK_SIZE, …)`, to be read below a known length only. */
  chunk(index: number): readonly Event[] {
    return this.#chunks[index]!
  }

  push(event: Event): void {
    const chunks = this.#chunks
    let last = chunks[chunks.length - 1]
    if (last === undefined || last.length === CHUNK_SIZE) chunks.push((last = []))
    last.push(event)
    this.#length++
  }

  /** Drops the events from `length` on (a failed batch). */
  truncate(length: number): void {
    if (length >= this.#length) return
    const chunks = this.#chunks
    const keep = (length + MASK) >>> CHUNK_BITS // chunks still holding an event
    chunks.length = keep
    if (keep > 0) chunks[keep - 1]!.length = length - (keep - 1) * CHUNK_SIZE
    this.#length = length
  }

  /** The events at positions `[0, length)` (only those `keep` accepts, if given), as a new array. */
  slice(length: number, keep?: (event: Event) => boolean): Event[] {
    const out: Event[] = []
    for (let c = 0; c * CHUNK_SIZE < length; c++) {
      const chunk = this.#chunks[c]!
      const end = Math.min(CHUNK_SIZE, length - c * CHUNK_SIZE)
      for (let i = 0; i < end; i++) if (keep === undefined || keep(chunk[i]!)) out.push(chunk[i]!)
    }
    return out
  }

  /** A new log of the events `keep` accepts, in order. */
  filter(keep: (event: Event) => boolean): EventLog {
    const out = new EventLog()
    for (const chunk of this.#chunks) for (const e of chunk) if (keep(e)) out.push(e)
    return out
  }
}
