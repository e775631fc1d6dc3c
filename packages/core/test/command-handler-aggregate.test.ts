// Aggregate command handler (FEATURES C4): the aggregate declares its commands; the handler
// fetches it, runs the command, saves it — retrying on conflicts — over a real EventCommandBus.
import {
  Aggregate,
  AggregateCommands,
  CachedRepository,
  CommandError,
  type CommandTarget,
  EventCommandBus,
  handleAggregateCommands,
  isCommandError,
  MemoryBus,
  MemoryStore,
  newCommand,
  Repository,
  TypedRepository,
  uuid,
  withBus,
} from '../src/index.js'

type TodoEvents = { 'todo.task_added': { title: string } }
type TodoCommands = { 'todo.add_task': { title: string }; 'todo.clear': undefined }

let attempts = 0

class TodoList extends Aggregate<TodoEvents> implements CommandTarget<TodoCommands> {
  readonly tasks: string[] = []
  readonly commands = new AggregateCommands<TodoCommands>()
    .on('todo.add_task', async (p) => {
      attempts++
      // A pause between fetch and save, so concurrent writers really overlap.
      await new Promise((r) => setTimeout(r, 1))
      this.add(p.title)
    })
    .on('todo.clear', () => {
      throw new CommandError('NOT_SUPPORTED', 'Clearing a list is not supported yet.')
    })

  constructor(id: string) {
    super('todo.list', id)
    this.on('todo.task_added', (e) => void this.tasks.push(e.data.title))
  }

  add(title: string): void {
    if (this.tasks.includes(title)) throw new CommandError('DUPLICATE_TASK', `"${title}" is already on the list.`)
    this.next('todo.task_added', { title })
  }
}

function wire(processes = 1, mode: 'assign' | 'group' = 'assign') {
  const bus = new MemoryBus()
  const repo = new Repository(withBus(new MemoryStore(), bus), { retry: { attempts: 50, backoffMs: (n) => n } })
  const lists = new TypedRepository(repo, (id) => new TodoList(id))
  const buses = Array.from({ length: processes }, () => new EventCommandBus(bus, { sync: true, mode }))
  return { bus, repo, lists, buses, close: () => Promise.all(buses.map((b) => b.close())) }
}

const add = (id: string, title: string) =>
  newCommand('todo.add_task', { title }, { aggregate: { name: 'todo.list', id } })

describe('handleAggregateCommands', () => {
  beforeEach(() => {
    attempts = 0
  })

  it('fetches the aggregate, runs the declared command and saves it', async () => {
    const { lists, buses, close } = wire()
    const [commands] = buses as [EventCommandBus]
    const running = await handleAggregateCommands(commands, lists)
    const id = uuid()
    await commands.dispatch(add(id, 'milk'))
    await commands.dispatch(add(id, 'eggs'))
    const list = await lists.fetch(id)
    expect(list.tasks).toEqual(['milk', 'eggs'])
    expect(list.aggregateVersion).toBe(2)
    await running.stop()
    await close()
  })

  it('works through a CachedRepository, whose cached copy the command then replaces', async () => {
    const { lists, buses, close } = wire()
    const [commands] = buses as [EventCommandBus]
    const cached = new CachedRepository(lists)
    const running = await handleAggregateCommands(commands, cached)
    const id = uuid()
    expect((await cached.fetch(id)).tasks).toEqual([])
    await commands.dispatch(add(id, 'milk'))
    expect((await cached.fetch(id)).tasks).toEqual(['milk'])
    await running.stop()
    await close()
  })

  it('sends the command’s error back to the dispatcher and saves nothing', async () => {
    const { lists, buses, close } = wire()
    const [commands] = buses as [EventCommandBus]
    const running = await handleAggregateCommands(commands, lists)
    const id = uuid()
    await commands.dispatch(add(id, 'milk'))
    const err = await commands.dispatch(add(id, 'milk')).catch((e: unknown) => e)
    expect(isCommandError(err, 'DUPLICATE_TASK')).toBe(true)
    expect((err as Error).message).toBe('"milk" is already on the list.')
    const cleared = await commands
      .dispatch(newCommand('todo.clear', undefined, { aggregate: { name: 'todo.list', id } }))
      .catch((e: unknown) => e)
    expect(isCommandError(cleared, 'NOT_SUPPORTED')).toBe(true)
    expect((await lists.fetch(id)).aggregateVersion).toBe(1)
    const reported = []
    await running.stop()
    for await (const e of running.errors) reported.push(e)
    expect(reported).toHaveLength(2)
    await close()
  })

  it('fails a command without an aggregate, or for another aggregate, with INVALID_OPTION', async () => {
    const { lists, buses, close } = wire()
    const [commands] = buses as [EventCommandBus]
    const running = await handleAggregateCommands(commands, lists)
    const bare = await commands.dispatch(newCommand('todo.add_task', { title: 'x' })).catch((e: unknown) => e)
    expect(isCommandError(bare, 'INVALID_OPTION')).toBe(true)
    expect((bare as Error).message).toContain('names no aggregate')
    const other = await commands
      .dispatch(newCommand('todo.add_task', { title: 'x' }, { aggregate: { name: 'shop.cart', id: uuid() } }))
      .catch((e: unknown) => e)
    expect(isCommandError(other, 'INVALID_OPTION')).toBe(true)
    expect((other as Error).message).toContain('names aggregate "shop.cart"')
    await running.stop()
    await close()
  })

  it('applies every one of many concurrent commands to one aggregate, from competing processes (retry)', async () => {
    const { lists, buses, close } = wire(3, 'group')
    const running = await Promise.all(buses.map((b) => handleAggregateCommands(b, lists, { workers: 4 })))
    const id = uuid()
    const titles = Array.from({ length: 20 }, (_, i) => `task ${i}`)
    await Promise.all(titles.map((t, i) => (buses[i % buses.length] as EventCommandBus).dispatch(add(id, t))))
    const list = await lists.fetch(id)
    expect(list.aggregateVersion).toBe(20)
    expect([...list.tasks].sort()).toEqual([...titles].sort())
    // More attempts than commands: conflicts happened and were retried.
    expect(attempts).toBeGreaterThan(20)
    await Promise.all(running.map((r) => r.stop()))
    await close()
  })

  it('rejects an aggregate that declares no commands, and a non-repository', async () => {
    class Plain extends Aggregate<TodoEvents> {
      constructor(id: string) {
        super('todo.plain', id)
      }
    }
    const { repo, buses, close } = wire()
    const [commands] = buses as [EventCommandBus]
    const plain = new TypedRepository(repo, (id) => new Plain(id))
    await expect(handleAggregateCommands(commands, plain as never)).rejects.toMatchObject({ code: 'INVALID_OPTION' })
    await expect(handleAggregateCommands(commands, {} as never)).rejects.toMatchObject({ code: 'INVALID_OPTION' })
    await close()
  })
})

describe('AggregateCommands', () => {
  it('refuses a command declared twice and bad names', () => {
    const commands = new AggregateCommands<TodoCommands>().on('todo.add_task', () => {})
    expect(() => commands.on('todo.add_task', () => {})).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }))
    expect(() => commands.on([] as never, () => {})).toThrow(expect.objectContaining({ code: 'INVALID_NAME' }))
    expect(commands.names).toEqual(['todo.add_task'])
  })
})
