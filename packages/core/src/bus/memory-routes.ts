import type { Inbox } from './memory-inbox.js'

interface Group {
  members: Inbox[]
  next: number
}

const NONE: readonly Inbox[] = []

/**
 * Who gets an event of a given name. Lists are replaced, never edited, when subscribers come
 * and go, so a publish that is walking one (and maybe waiting for a slow reader) is not
 * disturbed by a subscribe or close meanwhile.
 *
 * - Ungrouped subscribers get every event of their names (`byName`) or of every name (`all`).
 * - Each group gets an event once: the next member, round-robin, that subscribed to its name.
 *
 * @internal
 */
export class Routes {
  #byName = new Map<string, readonly Inbox[]>()
  #all: readonly Inbox[] = NONE
  readonly #groups = new Map<string, Group>()
  /** Named plus wildcard subscribers per name, built on demand; dropped on every change. */
  #merged = new Map<string, readonly Inbox[]>()

  add(inbox: Inbox): void {
    this.#merged = new Map()
    if (inbox.group !== undefined) {
      const g = this.#groups.get(inbox.group)
      if (g === undefined) this.#groups.set(inbox.group, { members: [inbox], next: 0 })
      else g.members = [...g.members, inbox]
    } else if (inbox.names === undefined) this.#all = [...this.#all, inbox]
    else for (const name of inbox.names) this.#byName.set(name, [...(this.#byName.get(name) ?? NONE), inbox])
  }

  remove(inbox: Inbox): void {
    this.#merged = new Map()
    if (inbox.group !== undefined) {
      const g = this.#groups.get(inbox.group)
      if (g === undefined) return
      g.members = g.members.filter((m) => m !== inbox)
      if (g.members.length === 0) this.#groups.delete(inbox.group)
    } else if (inbox.names === undefined) this.#all = this.#all.filter((m) => m !== inbox)
    else {
      for (const name of inbox.names) {
        const left = (this.#byName.get(name) ?? NONE).filter((m) => m !== inbox)
        if (left.length === 0) this.#byName.delete(name)
        else this.#byName.set(name, left)
      }
    }
  }

  /** Ungrouped subscribers of this name, named and wildcard ones together; a stable list. */
  ungrouped(name: string): readonly Inbox[] {
    const named = this.#byName.get(name)
    if (named === undefined) return this.#all
    if (this.#all.length === 0) return named
    let merged = this.#merged.get(name)
    if (merged === undefined) this.#merged.set(name, (merged = [...named, ...this.#all]))
    return merged
  }

  get hasGroups(): boolean {
    return this.#groups.size > 0
  }

  /** Picks, for each group, the member that gets this event; advances the round-robin. */
  pickGroupMembers(name: string, out: Inbox[]): void {
    for (const g of this.#groups.values()) {
      const n = g.members.length
      for (let k = 0; k < n; k++) {
        const i = (g.next + k) % n
        const m = g.members[i]!
        if (!m.accepts(name)) continue
        g.next = (i + 1) % n
        out.push(m)
        break
      }
    }
  }
}
