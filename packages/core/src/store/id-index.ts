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

/**
 * The memory store's index from event id to position in its events array: an open-addressing
 * hash table (linear probing) in two Int32Arrays. Measured against a `Map<string, Event>` for
 * 100k inserts it takes less than half the time and memory — the Map's growth dominated the
 * whole insert. Slots hold `position + 1` (0 = empty); `#hashes[position]` keeps each event's
 * hash so growing never rehashes a string.
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

  /** Position of the event with `id` in `events`, or -1. */
  find(id: string, events: readonly Event[]): number {
    const h = hashId(id)
    const table = this.#table
    const mask = this.#mask
    for (let p = h & mask; ; p = (p + 1) & mask) {
      const s = table[p]!
      if (s === EMPTY) return -1
      if (this.#hashes[s - 1] === h && events[s - 1]!.id === id) return s - 1
    }
  }

  /**
   * Adds `events[position]` unless its id is already indexed; returns -1 when added, else the
   * position of the event that already has the id.
   */
  add(events: readonly Event[], position: number): number {
    if ((position + 1) * 2 > this.#table.length) this.#grow(position)
    if (position >= this.#hashes.length) {
      const hashes = new Int32Array(this.#hashes.length * 2)
      hashes.set(this.#hashes)
      this.#hashes = hashes
    }
    const id = events[position]!.id
    const h = hashId(id)
    const table = this.#table
    const mask = this.#mask
    let p = h & mask
    for (; ; p = (p + 1) & mask) {
      const s = table[p]!
      if (s === EMPTY) break
      if (this.#hashes[s - 1] === h && events[s - 1]!.id === id) return s - 1
    }
    table[p] = position + 1
    this.#hashes[position] = h
    return -1
  }

  /** Takes out `events[position]`, which must be the newest entry still indexed. */
  removeLast(position: number): void {
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
  rebuild(events: readonly Event[]): void {
    let size = 1024
    while (events.length * 2 > size) size *= 2
    this.#table = new Int32Array(size)
    this.#mask = size - 1
    this.#hashes = new Int32Array(Math.max(512, size / 2))
    for (let i = 0; i < events.length; i++) this.add(events, i)
  }

  /** Doubles the table, re-inserting positions [0, count) in order (which keeps removeLast valid). */
  #grow(count: number): void {
    const size = this.#table.length * 2
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
