// A fetched history is replayed in one go (replayHistory); it must do exactly what one apply()
// per event does, as an applier sees it — and an overridden apply() must still be called.
import { Aggregate, type Event, isGoesError, MemoryStore, Repository, type TagEvent, uuid } from '../src/index.js'
import { rejection } from './repository-fixtures.js'

type NoteEvents = {
  'note.written': { text: string }
  'note.deleted': undefined
  'note.restored': undefined
}

/** Records what each applier saw of the aggregate while it ran. */
class Note extends Aggregate<NoteEvents> {
  readonly seen: string[] = []
  constructor(id: string) {
    super('test.note', id)
    const look = (what: string) =>
      this.seen.push(`${what} v${this.aggregateVersion} deleted=${this.softDeleted} tags=${this.tags.join(',')}`)
    this.on('note.written', (e) => look(`written ${e.data.text}`))
    this.on('note.deleted', () => look('deleted'))
    this.on('note.restored', () => look('restored'))
    this.softDeletedBy('note.deleted').softRestoredBy('note.restored')
  }
  write(text: string): void {
    this.next('note.written', { text })
  }
  remove(): void {
    this.next('note.deleted')
  }
  restore(): void {
    this.next('note.restored')
  }
}

/** Saves a note with a history touching every part of the base state; returns its events. */
async function savedNote(repo: Repository): Promise<{ id: string; events: (Event | TagEvent)[] }> {
  const n = new Note(uuid())
  n.write('a')
  n.tag('red')
  n.write('b')
  n.remove()
  n.write('c')
  n.restore()
  n.untag('red')
  n.write('d')
  const events = [...n.changes]
  await repo.save(n)
  return { id: n.aggregateId, events }
}

describe('replaying a fetched history', () => {
  it('an applier sees the aggregate as with one apply() per event: version before, soft-delete flag and tags so far', async () => {
    const repo = new Repository(new MemoryStore())
    const { id, events } = await savedNote(repo)
    const fetched = await repo.fetch(new Note(id))
    const oneByOne = new Note(id)
    for (const e of events) oneByOne.apply(e)
    expect(fetched.seen).toEqual(oneByOne.seen)
    expect(fetched.seen).toEqual([
      'written a v0 deleted=false tags=',
      'written b v2 deleted=false tags=red',
      'deleted v3 deleted=false tags=red',
      'written c v4 deleted=true tags=red',
      'restored v5 deleted=true tags=red',
      'written d v7 deleted=false tags=',
    ])
    expect(fetched.aggregateVersion).toBe(8)
    expect(fetched.softDeleted).toBe(false)
    expect(fetched.tags).toEqual([])
    expect(fetched.baseState()).toEqual(oneByOne.baseState())
  })

  it('the last event replayed dates the next change: it is later than every fetched event', async () => {
    const repo = new Repository(new MemoryStore())
    const { id, events } = await savedNote(repo)
    const fetched = await repo.fetch(new Note(id))
    fetched.write('e')
    const change = fetched.changes[0]!
    expect(change.aggregate!.version).toBe(9)
    for (const e of events) expect(change.timeNano > e.timeNano).toBe(true)
  })

  it('an overridden apply() is called once per event, in order', async () => {
    class CountingNote extends Note {
      readonly applied: number[] = []
      override apply(event: Event): void {
        this.applied.push(event.aggregate!.version)
        super.apply(event)
      }
    }
    const repo = new Repository(new MemoryStore())
    const { id } = await savedNote(repo)
    const fetched = await repo.fetch(new CountingNote(id))
    expect(fetched.applied).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(fetched.aggregateVersion).toBe(8)
  })

  it('an applier that records a change stops the replay with INVALID_STATE, as apply() would', async () => {
    class Echo extends Aggregate<{ 'echo.said': { n: number } }> {
      constructor(id: string) {
        super('test.echo', id)
        this.on('echo.said', (e) => {
          if (e.data.n === 2 && this.aggregateVersion > 0) this.next('echo.said', { n: 99 })
        })
      }
      say(n: number): void {
        this.next('echo.said', { n })
      }
    }
    const repo = new Repository(new MemoryStore())
    const e = new Echo(uuid())
    for (const n of [1, 2, 3]) e.say(n)
    await repo.save(e)
    const fetched = new Echo(e.aggregateId)
    const err = await rejection(repo.fetch(fetched))
    expect(isGoesError(err, 'INVALID_STATE')).toBe(true)
    expect((err as Error).message).toContain('uncommitted change')
    // Events 1 and 2 went through (2's applier recorded the change), 3 was refused.
    expect(fetched.aggregateVersion).toBe(2)
    expect(fetched.changes).toHaveLength(1)
  })
})
