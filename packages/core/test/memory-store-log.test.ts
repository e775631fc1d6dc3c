// The memory store keeps its events in a chunked log (4096 per chunk). These tests cross chunk
// boundaries in every direction: appends, cut-backs of failed batches, snapshots, walks
// forwards and backwards, deletes.
import { drain, type Event, isConsistencyError, MemoryStore, newEvent } from '../src/index.js'
import { CHUNK_SIZE, EventLog } from '../src/store/event-log.js'

const T0 = 1_700_000_000_000_000_000n
let serial = 0
/** `n` events with strictly increasing times, names alternating between two. */
function events(n: number): Event[] {
  return Array.from({ length: n }, () => {
    const k = serial++
    return newEvent(k % 2 === 0 ? 'log.even' : 'log.odd', { k }, { time: T0 + BigInt(k) })
  })
}
const ks = (list: readonly Event[]) => list.map((e) => (e.data as { k: number }).k)

describe('EventLog', () => {
  it('keeps positions across chunks through appends and cut-backs', () => {
    const all = events(2 * CHUNK_SIZE + 10)
    const log = EventLog.of(all)
    expect(log.length).toBe(all.length)
    for (const p of [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 2 * CHUNK_SIZE, all.length - 1]) {
      expect(log.at(p)).toBe(all[p])
    }
    expect(log.at(all.length)).toBeUndefined()
    for (const cut of [2 * CHUNK_SIZE + 3, 2 * CHUNK_SIZE, CHUNK_SIZE + 1, CHUNK_SIZE, 5, 0]) {
      log.truncate(cut)
      expect(log.length).toBe(cut)
      expect(log.at(cut)).toBeUndefined()
      if (cut > 0) expect(log.at(cut - 1)).toBe(all[cut - 1])
    }
    for (const e of all) log.push(e)
    expect(log.slice(log.length)).toEqual(all)
    expect(log.slice(CHUNK_SIZE + 2)).toEqual(all.slice(0, CHUNK_SIZE + 2))
    expect(log.slice(log.length, (e) => e.name === 'log.odd')).toEqual(all.filter((e) => e.name === 'log.odd'))
    const kept = log.filter((e) => (e.data as { k: number }).k % 3 === 0)
    expect(kept.slice(kept.length)).toEqual(all.filter((e) => (e.data as { k: number }).k % 3 === 0))
    expect(log.length).toBe(all.length) // filter made a new log
  })
})

describe('MemoryStore over several chunks', () => {
  it('streams forwards, backwards and filtered across chunk boundaries', async () => {
    const store = new MemoryStore()
    const all = events(2 * CHUNK_SIZE + 123)
    for (let i = 0; i < all.length; i += 1000) await store.insert(all.slice(i, i + 1000))
    expect(ks(await drain(store.query()))).toEqual(ks(all))
    expect(ks(await drain(store.query({ sort: [{ by: 'time', dir: 'asc' }] })))).toEqual(ks(all))
    expect(ks(await drain(store.query({ sort: [{ by: 'time', dir: 'desc' }] })))).toEqual(ks(all).reverse())
    const odd = all.filter((e) => e.name === 'log.odd')
    expect(ks(await drain(store.query({ names: ['log.odd'] })))).toEqual(ks(odd))
    expect(ks(await drain(store.query({ names: ['log.odd'], sort: [{ by: 'time', dir: 'desc' }] })))).toEqual(
      ks(odd).reverse(),
    )
    // Inserted out of time order, a time sort gathers from every chunk and sorts.
    const shuffled = new MemoryStore()
    await shuffled.insert([...all].reverse())
    expect(ks(await drain(shuffled.query({ sort: [{ by: 'time', dir: 'asc' }] })))).toEqual(ks(all))
    expect(ks(await drain(shuffled.query({ names: ['log.odd'], sort: [{ by: 'time', dir: 'asc' }] })))).toEqual(ks(odd))
  })

  it('a running query keeps its snapshot while inserts fill and add chunks', async () => {
    const store = new MemoryStore()
    const first = events(CHUNK_SIZE - 5)
    await store.insert(first)
    const it = store.query()[Symbol.asyncIterator]()
    const got: Event[] = []
    for (let i = 0; i < 10; i++) got.push((await it.next()).value as Event)
    await store.insert(events(CHUNK_SIZE + 50))
    for (let r = await it.next(); r.done !== true; r = await it.next()) got.push(r.value)
    expect(ks(got)).toEqual(ks(first))
    expect(store.size).toBe(2 * CHUNK_SIZE + 45)
  })

  it('a failed batch that crossed into a new chunk leaves the log as it was', async () => {
    const store = new MemoryStore()
    const first = events(CHUNK_SIZE - 2)
    await store.insert(first)
    const batch = events(5)
    const clash = newEvent('log.even', 'clash', { id: first[0]!.id, time: T0 + BigInt(serial++) })
    expect(isConsistencyError(await store.insert([...batch, clash]).catch((e: unknown) => e))).toBe(true)
    expect(store.size).toBe(first.length)
    expect(ks(await drain(store.query({ sort: [{ by: 'time', dir: 'desc' }] })))).toEqual(ks(first).reverse())
    await store.insert(batch)
    expect(ks(await drain(store.query()))).toEqual(ks([...first, ...batch]))
    for (const e of batch) expect(await store.find(e.id)).toBe(e)
  })

  it('deletes across chunks, keeping order and lookups', async () => {
    const store = new MemoryStore()
    const all = events(CHUNK_SIZE + 500)
    await store.insert(all)
    const gone = all.filter((_, i) => i % 7 === 0 || (i > CHUNK_SIZE - 20 && i < CHUNK_SIZE + 20))
    await store.delete(gone)
    const left = all.filter((e) => !gone.includes(e))
    expect(store.size).toBe(left.length)
    expect(ks(await drain(store.query()))).toEqual(ks(left))
    for (const e of left.slice(CHUNK_SIZE - 100)) expect(await store.find(e.id)).toBe(e)
    await expect(store.find(gone[3]!.id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})
