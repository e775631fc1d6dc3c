import {
  Aggregate,
  AggregateCommands,
  type CommandTarget,
  handleAggregateCommands,
  newCommand,
  TypedRepository,
  uuid,
} from '@goes/core'
import { expectChange, expectNoChange, setup } from '../src/index.js'

type ListEvents = { 'todo.task_added': { title: string } }
type ListCommands = { 'todo.add_task': { title: string } }

class TodoList extends Aggregate<ListEvents> implements CommandTarget<ListCommands> {
  readonly tasks: string[] = []
  readonly commands = new AggregateCommands<ListCommands>().on('todo.add_task', (p) => this.add(p.title))

  constructor(id: string) {
    super('todo.list', id)
    this.on('todo.task_added', (e) => void this.tasks.push(e.data.title))
  }

  add(title: string): void {
    if (!this.tasks.includes(title)) this.next('todo.task_added', { title })
  }
}

it('adds a task once', () => {
  const list = new TodoList(uuid())
  list.add('milk')
  expectChange(list, 'todo.task_added', { data: { title: 'milk' }, count: 1 })
  list.commit()
  list.add('milk')
  expectNoChange(list, 'todo.task_added')
})

it('handles todo.add_task', async () => {
  await using env = setup() // store, bus, commands (sync dispatch), repository, codecs
  const lists = new TypedRepository(env.repository, (id) => new TodoList(id))
  await handleAggregateCommands(env.commands, lists)
  const id = uuid()
  await env.commands.dispatch(newCommand('todo.add_task', { title: 'milk' }, { aggregate: { name: 'todo.list', id } }))
  expect((await lists.fetch(id)).tasks).toEqual(['milk'])
})

// Everything above this line is the README example of "Testing an application", verbatim
// (importing '@goes/testing' there); this test keeps them the same.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

it('README: the example above is the one under "Testing an application" in README.md', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8')
  const self = readFileSync(__filename, 'utf8')
  const example = self
    .slice(0, self.indexOf('// Everything above this line'))
    .replace("'../src/index.js'", "'@goes/testing'")
    .trim()
  const section = readme.slice(readme.indexOf('## Testing an application'))
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1]?.trim()
  if (block !== example)
    throw new Error(`README.md's "Testing an application" example differs from this file:\n${block}`)
})
