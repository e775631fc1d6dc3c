import { isGoesError, MemorySnapshotStore, type Snapshot, uuid } from '../src/index.js'

const snap = (id: string, version: number, state: unknown): Snapshot => ({
  aggregateName: 'test.thing',
  aggregateId: id,
  version,
  time: new Date(1_700_000_000_000),
  state,
})

describe('MemorySnapshotStore', () => {
  it('counts its snapshots; replacing a version does not add one', async () => {
    const s = new MemorySnapshotStore()
    const [a, b] = [uuid(), uuid()]
    await s.save(snap(a, 1, 1))
    await s.save(snap(a, 2, 2))
    await s.save(snap(a, 2, 'again'))
    await s.save(snap(b, 5, 5))
    expect(s.size).toBe(3)
    expect((await s.latest('test.thing', a))?.state).toBe('again')
    await s.cleanup('test.thing', a, { keepLatest: 1 })
    expect(s.size).toBe(2)
  })

  it('state that is not data (a function) is refused with ENCODE_FAILED and nothing is stored', async () => {
    const s = new MemorySnapshotStore()
    const id = uuid()
    let err: unknown
    try {
      await s.save(snap(id, 1, { run: () => 1 }))
    } catch (e) {
      err = e
    }
    expect(isGoesError(err, 'ENCODE_FAILED')).toBe(true)
    expect((err as Error).message).toMatch(/plain data/)
    expect(s.size).toBe(0)
  })

  it('keeps richer data than JSON as structured clones (Dates, Maps), but never by reference', async () => {
    const s = new MemorySnapshotStore()
    const id = uuid()
    const state = { at: new Date(5), seen: new Map([['x', 1]]) }
    await s.save(snap(id, 1, state))
    const got = (await s.latest('test.thing', id))?.state as typeof state
    expect(got).not.toBe(state)
    expect(got.at.getTime()).toBe(5)
    expect(got.seen.get('x')).toBe(1)
    const time = (await s.latest('test.thing', id))!.time
    time.setTime(0)
    expect((await s.latest('test.thing', id))!.time.getTime()).toBe(1_700_000_000_000)
  })
})
