import {
  Aggregate,
  AggregateCommands,
  type CommandTarget,
  commandError,
  EventCommandBus,
  everyVersions,
  handleAggregateCommands,
  isCommandError,
  MemoryBus,
  MemorySnapshotStore,
  MemoryStore,
  newCommand,
  Repository,
  type Snapshotter,
  TypedRepository,
  uuid,
  withBus,
} from '@goes/core'

type ListEvents = { 'todo.task_added': { title: string }; 'todo.task_done': { title: string } }
type ListCommands = { 'todo.add_task': { title: string }; 'todo.finish_task': { title: string } }

// An aggregate: appliers per event name, behaviour that records events with next(), the
// commands it handles, and (optionally) snapshots of its state.
class TodoList extends Aggregate<ListEvents> implements CommandTarget<ListCommands>, Snapshotter<{ open: string[] }> {
  open: string[] = []
  readonly commands = new AggregateCommands<ListCommands>()
    .on('todo.add_task', ({ title }) => this.add(title))
    .on('todo.finish_task', ({ title }) => this.finish(title))

  constructor(id: string) {
    super('todo.list', id)
    this.on('todo.task_added', (e) => void this.open.push(e.data.title))
    this.on('todo.task_done', (e) => void (this.open = this.open.filter((t) => t !== e.data.title)))
  }

  add(title: string): void {
    if (this.open.includes(title)) throw commandError('TASK_EXISTS', `"${title}" is already on the list.`)
    this.next('todo.task_added', { title })
  }

  finish(title: string): void {
    if (!this.open.includes(title)) throw commandError('NO_SUCH_TASK', `"${title}" is not on the list.`)
    this.next('todo.task_done', { title })
  }

  snapshot() {
    return { open: [...this.open] }
  }

  restore(state: { open: string[] }): void {
    this.open = [...state.open]
  }
}

export async function aggregateExample(log: (...values: unknown[]) => void = console.log): Promise<void> {
  const bus = new MemoryBus()
  const store = withBus(new MemoryStore(), bus)
  const repository = new Repository(store, {
    snapshots: { store: new MemorySnapshotStore(), every: everyVersions(10) },
  })
  const lists = new TypedRepository(repository, (id) => new TodoList(id))

  // The command bus runs over any event bus; each command is executed by exactly one handler.
  const commands = new EventCommandBus(bus, { sync: true })
  const handling = await handleAggregateCommands(commands, lists) // fetch → handle → save, retried on conflicts

  const list = { name: 'todo.list', id: uuid() }
  await commands.dispatch(newCommand('todo.add_task', { title: 'milk' }, { aggregate: list }))
  await commands.dispatch(newCommand('todo.add_task', { title: 'bread' }, { aggregate: list }))
  await commands.dispatch(newCommand('todo.finish_task', { title: 'milk' }, { aggregate: list }))

  try {
    await commands.dispatch(newCommand('todo.finish_task', { title: 'tea' }, { aggregate: list }))
  } catch (err) {
    if (isCommandError(err)) log(err.code, err.message) // the handler's error, back at the dispatcher
  }

  const fetched = await lists.fetch(list.id)
  log(fetched.aggregateVersion, fetched.open)

  await handling.stop()
  await commands.close()
}
