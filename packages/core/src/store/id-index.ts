import type { Event } from '../event/event.js'

const EMPTY = 0
// A module-level alias: a global lookup of `Math` in a hot loop is costly where globals are
// proxied (jest's vm context made it 100× slower).
const imul = Math.imul

/** FNV-1a over the UTF-16 code units: ids are compared as exact strings, so hash them as such. */
function hashId(id: string): number {
  let h = 0x811c9dc5 | 0
  for (let i = 0; i < id.length; i++) h = imul(h ^ id.charCodeAt(i), 16777619)
  return h
}

/** Events by position: the store's EventLog (an array works too). @internal */
export interface Positions {
  readonly length: number
  at(position: number): Event | undefined
}

/**
 * The memory store's index from event id to position in its event log.
 *
 * Two parts. Positions `[0, #hashed)` sit in an open-addressing hash table (linear probing) in
 * two Int32Arrays — measured against a `Map<string, Event>` for 100k inserts it takes less than
 * half the time and memory. Slots hold `position + 1` (0 = empty); `#hashes[position]` keeps
 * each event's hash so growing never rehashes a string.
 *
 * Positions `[#hashed, #count)` — the tail — are not hashed yet. An id greater (as a string)
 * than every id added before it cannot be a duplicate, so it joins the tail after one string
 * compare. UUID v7 ids grow with time, so that is the usual case, and it skips the hash, the
 * random access into a large table and its growth, which were most of an insert. The tail is
 * hashed the moment anything needs the table: a lookup, or an id that is not the greatest.
 * `#maxId` may only ever be too high, never too low: that keeps the shortcut sound after a
 * rollback (too high just sends more ids down the hashed path).
 *
 * Entries can only be taken out in the reverse order they were added ({@link IdIndex.removeLast}),
 * which is all a failed batch needs: with linear probing, clearing the newest entry's slot
 * cannot break the probe path of an older one. Deletes rebuild the table.
 *
 * @internal
 */
export class IdIndex {
  #table = new Int32Array(1024)
  #mask = 1023
  #hashes = new Int32Array(512)
  /** Positions below this are in the hash table. */
  #hashed = 0
  /** Positions added (hashed or in the tail). */
  #count = 0
  /** At least the greatest id added; undefined while nothing was. */
  #maxId: string | undefined

  /** Position of the event with `id` in `events`, or -1. */
  find(id: string, events: Positions): number {
    if (this.#hashed < this.#count) this.#hashTail(events)
    const h = hashId(id)
    const table = this.#table
    const mask = this.#mask
    for (let p = h & mask; ; p = (p + 1) & mask) {
      const s = table[p]!
      if (s === EMPTY) return -1
      if (this.#hashes[s - 1] === h && events.at(s - 1)!.id === id) return s - 1
    }
  }

  /**
   * Adds `events[position]` (the next position) unless its id is already indexed; returns -1
   * when added, else the position of the event that already has the id.
   */
  add(events: Positions, position: number): number {
    const id = events.at(position)!.id
    const max = this.#maxId
    if (max === undefined || id > max) {
      this.#maxId = id
      this.#count = position + 1
      return -1
    }
    if (this.#hashed < position) this.#hashTail(events)
    const existing = this.#insert(events, position)
    if (existing === -1) this.#hashed = this.#count = position + 1
    return existing
  }

  /** Takes out `events[position]`, which must be the newest entry still indexed. */
  removeLast(position: number): void {
    this.#count = position
    if (position >= this.#hashed) return // it was in the tail
    this.#hashed = position
    const table = this.#table
    const mask = this.#mask
    for (let p = this.#hashes[position]! & mask; ; p = (p + 1) & mask) {
      const s = table[p]!
      if (s === EMPTY) return
      if (s === position + 1) {
        table[p] = EMPTY
        return
      }
    }
  }

  /** Indexes `events` from scratch (after a delete moved positions). */
  rebuild(events: Positions): void {
    let size = 1024
    while (events.length * 2 > size) size *= 2
    this.#table = new Int32Array(size)
    this.#mask = size - 1
    this.#hashes = new Int32Array(Math.max(512, size / 2))
    this.#hashed = 0
    this.#count = events.length
    // #maxId stays: a delete only removes ids, so it is still at least the greatest.
    this.#hashTail(events)
  }

  /** Hashes the tail into the table, in position order (which keeps removeLast valid). */
  #hashTail(events: Positions): void {
    const end = this.#count
    if (end * 2 > this.#table.length) this.#grow(this.#hashed, end)
    for (let i = this.#hashed; i < end; i++) this.#insert(events, i)
    this.#hashed = end
  }

  /** Enters `events[position]` into the table unless its id is there; -1 or the position found. */
  #insert(events: Positions, position: number): number {
    if ((position + 1) * 2 > this.#table.length) this.#grow(position, position + 1)
    const id = events.at(position)!.id
    const h = hashId(id)
    const table = this.#table
    const mask = this.#mask
    let p = h & mask
    for (; ; p = (p + 1) & mask) {
      const s = table[p]!
      if (s === EMPTY) break
      if (this.#hashes[s - 1] === h && events.at(s - 1)!.id === id) return s - 1
    }
    table[p] = position + 1
    this.#hashes[position] = h
    return -1
  }

  /**
   * Grows the table to at least twice `entries` slots (and the hashes to `entries`),
   * re-inserting positions [0, count) in order.
   */
  #grow(count: number, entries: number): void {
    let size = this.#table.length * 2
    while (entries * 2 > size) size *= 2
    if (size / 2 > this.#hashes.length) {
      const hashes = new Int32Array(size / 2)
      hashes.set(this.#hashes)
      this.#hashes = hashes
    }
    const table = new Int32Array(size)
    const mask = size - 1
    for (let i = 0; i < count; i++) {
      let p = this.#hashes[i]! & mask
      while (table[p] !== EMPTY) p = (p + 1) & mask
      table[p] = i + 1
    }
    this.#table = table
    this.#mask = mask
  }
}
