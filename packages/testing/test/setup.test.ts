// T2: setup() wires a store, bus, command bus (synchronous by default) and repository; the
// aggregate command handler runs end to end on it.
import {
  Aggregate,
  AggregateCommands,
  awaitEvents,
  CommandError,
  CommandHandler,
  type CommandTarget,
  handleAggregateCommands,
  isCommandError,
  newCommand,
  TypedRepository,
  uuid,
} from '@goes/core'
import { expectChange, setup } from '../src/index.js'

type TodoEvents = { 'todo.task_added': { title: string } }
type TodoCommands = { 'todo.add_task': { title: string } }

class TodoList extends Aggregate<TodoEvents> implements CommandTarget<TodoCommands> {
  readonly tasks: string[] = []
  readonly commands = new AggregateCommands<TodoCommands>().on('todo.add_task', (p) => this.add(p.title))
  constructor(id: string) {
    super('todo.list', id)
    this.on('todo.task_added', (e) => void this.tasks.push(e.data.title))
  }
  add(title: string): void {
    if (title === '') throw new CommandError('EMPTY_TITLE', 'A task needs a title.')
    this.next('todo.task_added', { title })
  }
}

const addTask = (id: string, title: string) =>
  newCommand('todo.add_task', { title }, { aggregate: { name: 'todo.list', id } })

function deferred() {
  let resolve!: () => void
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

describe('setup()', () => {
  it('runs the aggregate command handler end to end: sync dispatch → saved → fetch shows the change', async () => {
    await using env = setup()
    const lists = new TypedRepository(env.repository, (id) => new TodoList(id))
    await handleAggregateCommands(env.commands, lists)
    const id = uuid()
    const published = await awaitEvents(env.bus, 'todo.task_added', { timeoutMs: 5000 })
    await env.commands.dispatch(addTask(id, 'milk'))
    // No waiting: the synchronous dispatch returned after the save.
    const list = await lists.fetch(id)
    expect(list.tasks).toEqual(['milk'])
    expect(list.aggregateVersion).toBe(1)
    // The store publishes what it saves on the bus.
    expect((await published.events)[0]?.data).toEqual({ title: 'milk' })
    const err = await env.commands.dispatch(addTask(id, '')).catch((e: unknown) => e)
    expect(isCommandError(err, 'EMPTY_TITLE')).toBe(true)
  })

  it('dispatches synchronously by default: dispatch returns only after the handler finished', async () => {
    await using env = setup()
    const gate = deferred()
    let finished = false
    await new CommandHandler<TodoCommands>(env.commands)
      .on('todo.add_task', async () => {
        await gate.promise
        finished = true
      })
      .start()
    let returned = false
    const dispatched = env.commands.dispatch(addTask(uuid(), 'milk')).then(() => {
      returned = true
    })
    await new Promise((r) => setTimeout(r, 20))
    expect(returned).toBe(false)
    gate.resolve()
    await dispatched
    expect(finished).toBe(true)
  })

  it('dispatches asynchronously with sync: false (per setup or per dispatch)', async () => {
    for (const [env, options] of [
      [setup({ sync: false }), undefined],
      [setup(), { sync: false }],
    ] as const) {
      const gate = deferred()
      let finished = false
      await new CommandHandler<TodoCommands>(env.commands)
        .on('todo.add_task', async () => {
          await gate.promise
          finished = true
        })
        .start()
      await env.commands.dispatch(addTask(uuid(), 'milk'), options)
      expect(finished).toBe(false)
      gate.resolve()
      await env.close()
    }
  })

  it('gives each call its own store, bus and command bus', async () => {
    await using a = setup()
    await using b = setup()
    const lists = new TypedRepository(a.repository, (id) => new TodoList(id))
    const id = uuid()
    await lists.use(id, (l) => l.add('milk'))
    expect(await new TypedRepository(b.repository, (i) => new TodoList(i)).fetch(id)).toMatchObject({
      aggregateVersion: 0,
    })
    const list = new TodoList(id)
    list.add('eggs')
    expectChange(list, 'todo.task_added', { data: { title: 'eggs' } })
  })

  it('rejects unknown options with INVALID_OPTION', () => {
    expect(() => setup({ snyc: true } as never)).toThrow(/Unknown setup\(\) option "snyc"/)
    expect(() => setup({ sync: 'yes' } as never)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }))
  })
})
