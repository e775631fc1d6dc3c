// T3: aggregate expectations — pass and fail on the right changes, with messages that list
// what the aggregate recorded instead.
import { AssertionError } from 'node:assert'
import { Aggregate, uuid } from '@goes/core'
import { expectChange, expectNoChange } from '../src/index.js'

type ListEvents = {
  'todo.task_added': { title: string; at?: Date }
  'todo.task_removed': { title: string }
}

class TodoList extends Aggregate<ListEvents> {
  readonly tasks: string[] = []
  constructor(id: string) {
    super('todo.list', id)
    this.on('todo.task_added', (e) => void this.tasks.push(e.data.title))
    this.on('todo.task_removed', (e) => void this.tasks.splice(this.tasks.indexOf(e.data.title), 1))
  }
  add(title: string): void {
    this.next('todo.task_added', { title })
  }
  remove(title: string): void {
    this.next('todo.task_removed', { title })
  }
}

function caught(fn: () => void): AssertionError {
  try {
    fn()
  } catch (err) {
    if (err instanceof AssertionError) return err
    throw err
  }
  throw new Error('expected the assertion to fail, but it passed')
}

describe('expectChange / expectNoChange', () => {
  it('pass on matching changes: name, data, count', () => {
    const list = new TodoList(uuid())
    list.add('milk')
    list.add('eggs')
    list.add('milk')
    expectChange(list, 'todo.task_added')
    expectChange(list, 'todo.task_added', { count: 3 })
    expectChange(list, 'todo.task_added', { data: { title: 'eggs' } })
    expectChange(list, 'todo.task_added', { data: { title: 'milk' }, count: 2 })
    expectNoChange(list, 'todo.task_removed')
    expectNoChange(list, 'todo.task_added', { data: { title: 'bread' } })
  })

  it('fails when the aggregate has no change of the name, listing the changes it has', () => {
    const list = new TodoList(uuid())
    list.add('milk')
    const err = caught(() => expectChange(list, 'todo.task_removed'))
    expect(err.message).toBe(
      `Expected aggregate "todo.list" ${list.aggregateId} to have an uncommitted "todo.task_removed" change, but it has none.\n` +
        "Its uncommitted changes (1):\n  1. todo.task_added v1 { title: 'milk' }",
    )
    expect(err.operator).toBe('expectChange')
  })

  it('fails on other data and names how many changes of the name had it', () => {
    const list = new TodoList(uuid())
    list.add('milk')
    list.remove('milk')
    const err = caught(() => expectChange(list, 'todo.task_added', { data: { title: 'eggs' } }))
    expect(err.message).toContain(
      `to have an uncommitted "todo.task_added" change with data { title: 'eggs' }, but 0 of its 1 "todo.task_added" change have that data.`,
    )
    expect(err.message).toContain("  2. todo.task_removed v2 { title: 'milk' }")
  })

  it('fails on a wrong count', () => {
    const list = new TodoList(uuid())
    list.add('milk')
    list.add('eggs')
    const err = caught(() => expectChange(list, 'todo.task_added', { count: 1 }))
    expect(err.message).toContain('to have exactly 1 "todo.task_added" change, but it has 2.')
    const none = caught(() => expectChange(new TodoList(uuid()), 'todo.task_added'))
    expect(none.message).toContain('Its uncommitted changes: none.')
  })

  it('expectNoChange fails on a change of the name and lists it', () => {
    const list = new TodoList(uuid())
    list.add('milk')
    const err = caught(() => expectNoChange(list, 'todo.task_added'))
    expect(err.message).toBe(
      `Expected aggregate "todo.list" ${list.aggregateId} to have no uncommitted "todo.task_added" change, but it has 1.\n` +
        "Its uncommitted changes (1):\n  1. todo.task_added v1 { title: 'milk' }",
    )
  })

  it('sees only uncommitted changes', () => {
    const list = new TodoList(uuid())
    list.add('milk')
    list.commit()
    expectNoChange(list, 'todo.task_added')
    expect(() => expectChange(list, 'todo.task_added')).toThrow(AssertionError)
  })

  it('rejects bad arguments with typed errors', () => {
    const list = new TodoList(uuid())
    expect(() => expectChange({} as TodoList, 'todo.task_added')).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    )
    expect(() => expectChange(list, 'todo.task_added', { count: -1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    )
  })

  it('is typed by the aggregate’s event map', () => {
    const list = new TodoList(uuid())
    list.add('milk')
    // @ts-expect-error — not an event of TodoList
    expect(() => expectChange(list, 'todo.task_renamed')).toThrow(AssertionError)
    // @ts-expect-error — data of the wrong shape
    expect(() => expectChange(list, 'todo.task_added', { data: { name: 'milk' } })).toThrow(AssertionError)
  })
})
