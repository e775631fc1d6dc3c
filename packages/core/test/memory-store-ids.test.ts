// The memory store's id index skips hashing while ids ascend (the usual case with UUID v7) and
// hashes its unhashed tail when anything needs the table. These tests drive it through every
// mix of ascending, descending and repeated ids, rollbacks and rebuilds, against a plain Map.
import { type Event, isConsistencyError, MemoryStore, newEvent, uuid } from '../src/index.js'
import { IdIndex } from '../src/store/id-index.js'

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0')
/** A valid UUID whose order follows `n` (so tests choose ascending or not). */
const idOf = (n: number) => `${hex(Math.floor(n / 2 ** 32), 8)}-0000-7000-8000-${hex(n % 2 ** 32, 12)}`
const fake = (id: string) => ({ id }) as Event

describe('IdIndex', () => {
  it('agrees with a Map through random adds, duplicates, rollbacks, lookups and rebuilds', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rnd = random(seed)
      const index = new IdIndex()
      let events: Event[] = []
      const model = new Map<string, number>()
      let next = 1000
      for (let step = 0; step < 3000; step++) {
        const r = rnd()
        if (r < 0.6) {
          // Mostly ascending ids, sometimes an older, a random or an already used one.
          const k = rnd()
          const id =
            k < 0.7
              ? idOf((next += 1 + Math.floor(rnd() * 3)))
              : k < 0.85
                ? idOf(Math.floor(rnd() * next))
                : events.length > 0
                  ? events[Math.floor(rnd() * events.length)]!.id
                  : idOf(next++)
          events.push(fake(id))
          const got = index.add(events, events.length - 1)
          const want = model.get(id) ?? -1
          if (got !== want) throw new Error(`seed ${seed} step ${step}: add(${id}) = ${got}, expected ${want}`)
          if (got === -1) model.set(id, events.length - 1)
          else events.pop()
        } else if (r < 0.75 && events.length > 0) {
          // Roll back the newest few, as a failed batch does.
          const n = 1 + Math.floor(rnd() * Math.min(5, events.length))
          for (let j = 0; j < n; j++) {
            const at = events.length - 1
            index.removeLast(at)
            model.delete(events[at]!.id)
            events.pop()
          }
        } else if (r < 0.97) {
          const id = rnd() < 0.5 && events.length > 0 ? events[Math.floor(rnd() * events.length)]!.id : idOf(next + 5)
          const got = index.find(id, events)
          const want = model.get(id) ?? -1
          if (got !== want) throw new Error(`seed ${seed} step ${step}: find(${id}) = ${got}, expected ${want}`)
        } else {
          // A delete: drop some events, then rebuild from the new array.
          events = events.filter(() => rnd() < 0.7)
          model.clear()
          for (let i = 0; i < events.length; i++) model.set(events[i]!.id, i)
          index.rebuild(events)
        }
      }
      for (const [id, at] of model) expect(index.find(id, events)).toBe(at)
    }
  })

  it('finds ids of a long ascending run that was never hashed, and misses others', () => {
    const index = new IdIndex()
    const events = Array.from({ length: 5000 }, (_, i) => fake(idOf(i + 1)))
    for (let i = 0; i < events.length; i++) expect(index.add(events, i)).toBe(-1)
    for (let i = 0; i < events.length; i += 97) expect(index.find(events[i]!.id, events)).toBe(i)
    expect(index.find(idOf(0), events)).toBe(-1)
    expect(index.find(idOf(6000), events)).toBe(-1)
    // The run is hashed now; ascending ids after it start a new unhashed run.
    events.push(fake(idOf(7000)))
    expect(index.add(events, 5000)).toBe(-1)
    events.push(fake(idOf(3)))
    expect(index.add(events, 5001)).toBe(2) // the duplicate, found after hashing the new run
  })

  it('compares ids as exact strings: upper and lower case are different ids', () => {
    const index = new IdIndex()
    const lower = uuid()
    const events = [fake(lower.toUpperCase()), fake(lower)]
    expect(index.add(events, 0)).toBe(-1)
    expect(index.add(events, 1)).toBe(-1)
    expect(index.find(lower, events)).toBe(1)
    expect(index.find(lower.toUpperCase(), events)).toBe(0)
  })
})

describe('MemoryStore ids', () => {
  it('detects duplicates and finds events whatever the order of their ids', async () => {
    const store = new MemoryStore()
    const ascending = Array.from({ length: 300 }, (_, i) => newEvent('ids.added', i))
    const random = Array.from({ length: 300 }, (_, i) => newEvent('ids.added', i, { id: crypto.randomUUID() }))
    await store.insert(ascending.slice(0, 150))
    await store.insert(random.slice(0, 150))
    await store.insert(ascending.slice(150))
    // A duplicate of an id from an unhashed ascending run, at the end of a batch of new ones.
    const clash = newEvent('ids.added', 'clash', { id: ascending[299]!.id })
    const err = await store.insert([...random.slice(150), clash]).catch((e: unknown) => e)
    expect(isConsistencyError(err)).toBe(true)
    expect(store.size).toBe(450)
    await store.insert(random.slice(150))
    for (const e of [...ascending, ...random]) expect(await store.find(e.id)).toBe(e)
    await store.delete(ascending.slice(0, 100))
    expect(store.size).toBe(500)
    const later = newEvent('ids.added', 'later')
    await store.insert([later])
    expect(await store.find(later.id)).toBe(later)
    expect(isConsistencyError(await store.insert([ascending[200]!]).catch((e: unknown) => e))).toBe(true)
    await store.insert([ascending[50]!]) // deleted before, so it may come back
    expect(await store.find(ascending[50]!.id)).toBe(ascending[50])
  })
})
