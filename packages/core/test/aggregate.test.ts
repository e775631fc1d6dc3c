import {
  Aggregate,
  type AggregateEvent,
  type AggregateRoot,
  type Event,
  type EventMapOf,
  type EventNameOf,
  type EventOfAggregate,
  isGoesError,
  NIL_UUID,
  newEvent,
  type TagEvent,
  uuid,
} from '../src/index.js'

type ListEvents = {
  'todo.task_added': { title: string }
  'todo.task_removed': { title: string }
  'todo.archived': undefined
}

class TodoList extends Aggregate<ListEvents> {
  readonly tasks: string[] = []
  archived = false
  constructor(id: string) {
    super('todo.list', id)
    this.on('todo.task_added', (e) => void this.tasks.push(e.data.title))
    this.on('todo.task_removed', (e) => void this.tasks.splice(this.tasks.indexOf(e.data.title), 1))
    this.on('todo.archived', () => {
      this.archived = true
    })
  }
  add(title: string) {
    if (this.tasks.includes(title)) throw new Error('exists')
    return this.next('todo.task_added', { title })
  }
  remove(title: string) {
    return this.next('todo.task_removed', { title })
  }
  archive() {
    return this.next('todo.archived')
  }
}

function codeOf(fn: () => unknown): unknown {
  try {
    fn()
  } catch (err) {
    return isGoesError(err) ? err.code : err
  }
  return 'no error'
}

function history(id: string, titles: string[], from = 1): Event[] {
  return titles.map((title, i) =>
    newEvent('todo.task_added', { title }, { aggregate: { name: 'todo.list', id, version: from + i } }),
  )
}

describe('Aggregate', () => {
  it('starts empty at version 0 with its name and id', () => {
    const id = uuid()
    const list = new TodoList(id)
    expect(list.aggregateName).toBe('todo.list')
    expect(list.aggregateId).toBe(id)
    expect(list.aggregateVersion).toBe(0)
    expect(list.changes).toEqual([])
    expect(list.ref()).toEqual({ name: 'todo.list', id, version: 0 })
  })

  it('next() creates the event at the next version, applies it and records it', () => {
    const id = uuid()
    const list = new TodoList(id)
    const a = list.add('milk')
    const b = list.add('eggs')
    expect(list.tasks).toEqual(['milk', 'eggs'])
    expect(list.changes).toEqual([a, b])
    expect(a.name).toBe('todo.task_added')
    expect(a.data).toEqual({ title: 'milk' })
    expect(a.aggregate).toEqual({ name: 'todo.list', id, version: 1 })
    expect(b.aggregate?.version).toBe(2)
    expect(b.timeNano).toBeGreaterThan(a.timeNano)
    expect(list.aggregateVersion).toBe(0) // nothing committed yet
  })

  it('next() without data for an event whose data may be undefined', () => {
    const list = new TodoList(uuid())
    const e = list.archive()
    expect(list.archived).toBe(true)
    expect(e.data).toBeUndefined()
  })

  it('commit() moves the version to the last change and starts a new change list', () => {
    const list = new TodoList(uuid())
    list.add('milk')
    list.add('eggs')
    const before = list.changes
    list.commit()
    expect(list.aggregateVersion).toBe(2)
    expect(list.changes).toEqual([])
    expect(before).toHaveLength(2) // arrays read before stay as they were
    const c = list.add('bread')
    expect(c.aggregate?.version).toBe(3)
    list.commit()
    expect(list.aggregateVersion).toBe(3)
    list.commit() // nothing to commit: no change
    expect(list.aggregateVersion).toBe(3)
  })

  it('discard() drops the changes and keeps the version (state is not rolled back)', () => {
    const list = new TodoList(uuid())
    list.add('milk')
    list.commit()
    list.add('eggs')
    list.discard()
    expect(list.changes).toEqual([])
    expect(list.aggregateVersion).toBe(1)
    expect(list.tasks).toEqual(['milk', 'eggs'])
    expect(list.add('bread').aggregate?.version).toBe(2)
  })

  it('apply() replays history: state and version follow the events', () => {
    const id = uuid()
    const list = new TodoList(id)
    for (const e of history(id, ['a', 'b', 'c'])) list.apply(e)
    expect(list.tasks).toEqual(['a', 'b', 'c'])
    expect(list.aggregateVersion).toBe(3)
    expect(list.changes).toEqual([])
    expect(list.add('d').aggregate?.version).toBe(4)
  })

  it('apply() ignores an event without applier but still takes its version', () => {
    const id = uuid()
    const list = new TodoList(id)
    list.apply(newEvent('todo.renamed', { to: 'x' }, { aggregate: { name: 'todo.list', id, version: 1 } }))
    expect(list.tasks).toEqual([])
    expect(list.aggregateVersion).toBe(1)
  })

  it('apply() refuses to replay history over uncommitted changes', () => {
    const id = uuid()
    const list = new TodoList(id)
    list.add('milk')
    expect(codeOf(() => list.apply(history(id, ['x'])[0]!))).toBe('INVALID_STATE')
  })

  it('next() gives a time after every applied event, even one from a clock ahead of ours', () => {
    const id = uuid()
    const list = new TodoList(id)
    const future = BigInt(Date.now() + 3_600_000) * 1_000_000n
    list.apply(
      newEvent('todo.task_added', { title: 'a' }, { time: future, aggregate: { name: 'todo.list', id, version: 1 } }),
    )
    const e = list.add('b')
    expect(e.timeNano).toBe(future + 1n)
    expect(list.add('c').timeNano).toBe(future + 2n)
  })

  it('an applier that throws records nothing', () => {
    class Strict extends Aggregate<{ 'x.failed': { n: number } }> {
      constructor(id: string) {
        super('x', id)
        this.on('x.failed', () => {
          throw new Error('boom')
        })
      }
      fail() {
        this.next('x.failed', { n: 1 })
      }
    }
    const s = new Strict(uuid())
    expect(() => s.fail()).toThrow('boom')
    expect(s.changes).toEqual([])
  })

  it('refuses the nil UUID, a bad id and a bad name with typed errors', () => {
    expect(codeOf(() => new TodoList(NIL_UUID))).toBe('NIL_UUID')
    expect(codeOf(() => new TodoList('nope'))).toBe('INVALID_UUID')
    class Named extends Aggregate {}
    expect(codeOf(() => new (Named as unknown as new (n: string, i: string) => Named)('', uuid()))).toBe('INVALID_NAME')
    expect(() => new TodoList(NIL_UUID)).toThrow(/aggregate "todo.list".*uuid\(\)/)
  })

  it('refuses a second applier for one event name', () => {
    class Twice extends Aggregate<{ 'x.done': null }> {
      constructor(id: string) {
        super('x', id)
        this.on('x.done', () => {})
        this.on('x.done', () => {})
      }
    }
    expect(codeOf(() => new Twice(uuid()))).toBe('INVALID_STATE')
  })

  it('types appliers and next() from the event map', () => {
    class Typed extends Aggregate<ListEvents> {
      constructor(id: string) {
        super('todo.list', id)
        // @ts-expect-error: no such event
        this.on('todo.task_addd', () => {})
        this.on('todo.task_removed', (e) => {
          // @ts-expect-error: the data has no `name`
          void e.data.name
        })
      }
      wrong() {
        // @ts-expect-error: misspelt name
        this.next('todo.taskadded', { title: 'x' })
        // @ts-expect-error: wrong data
        this.next('todo.task_added', { titel: 'x' })
        // @ts-expect-error: data is required
        this.next('todo.task_added')
      }
    }
    expect(Typed).toBeDefined()
    const list = new TodoList(uuid())
    // @ts-expect-error: next() is for the aggregate's own methods
    list.next('todo.archived')
    const added: AggregateEvent<ListEvents, 'todo.task_added'> = list.add('x')
    const e: EventOfAggregate<TodoList> | TagEvent = list.changes[0]!
    if (e.name === 'todo.task_added') expect(e.data.title).toBe('x')
    expect(added.data.title).toBe('x')
  })

  it('helper types derive names, events and the map from the aggregate class', () => {
    const list = new TodoList(uuid())
    list.add('x')
    list.tag('t')
    const names: EventNameOf<TodoList>[] = ['todo.task_added', 'todo.task_removed', 'todo.archived']
    // @ts-expect-error: not an event of TodoList
    const wrong: EventNameOf<TodoList> = 'todo.renamed'
    const map: EventMapOf<TodoList> = {
      'todo.task_added': { title: 'a' },
      'todo.task_removed': { title: 'b' },
      'todo.archived': undefined,
    }
    const titles: string[] = []
    for (const e of list.changes) {
      switch (e.name) {
        case 'todo.task_added':
          titles.push(e.data.title)
          break
        case 'goes.aggregate.tagged':
          titles.push(...e.data.tags)
          break
      }
    }
    expect(titles).toEqual(['x', 't'])
    // Any aggregate is an AggregateRoot and an Aggregate of the default map.
    const root: AggregateRoot = list
    const base: Aggregate = list
    expect([names.length, wrong, Object.keys(map).length, root.aggregateVersion, base.changes.length]).toEqual([
      3,
      'todo.renamed',
      3,
      0,
      2,
    ])
  })
})
