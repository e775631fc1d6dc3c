// Built-in commands (FEATURES C5): deleteAggregate deletes every event of the aggregate and
// publishes the built-in "deleted" event, or a custom one per aggregate name.
import {
  AGGREGATE_DELETED,
  Aggregate,
  type AggregateDeletedEvent,
  aggregateDeletedEvent,
  awaitEvents,
  DELETE_AGGREGATE,
  deleteAggregate,
  drain,
  type Event,
  EventCommandBus,
  handleBuiltins,
  isCommandError,
  MemoryBus,
  MemorySnapshotStore,
  MemoryStore,
  newEvent,
  Repository,
  TypedRepository,
  uuid,
  withBus,
} from '../src/index.js'

type TodoEvents = { 'todo.task_added': { title: string } }

class TodoList extends Aggregate<TodoEvents> {
  readonly tasks: string[] = []
  constructor(id: string) {
    super('todo.list', id)
    this.on('todo.task_added', (e) => void this.tasks.push(e.data.title))
  }
  add(title: string): void {
    this.next('todo.task_added', { title })
  }
  snapshot(): string[] {
    return [...this.tasks]
  }
  restore(state: string[]): void {
    this.tasks.splice(0, this.tasks.length, ...state)
  }
}

function wire(withSnapshots = true) {
  const bus = new MemoryBus()
  const memory = new MemoryStore()
  const store = withBus(memory, bus)
  const snapshots = new MemorySnapshotStore()
  const repo = new Repository(store, withSnapshots ? { snapshots: { store: snapshots, every: 2 } } : {})
  const lists = new TypedRepository(repo, (id) => new TodoList(id))
  const commands = new EventCommandBus(bus, { sync: true })
  return { bus, memory, store, snapshots, repo, lists, commands }
}

async function saveList(lists: TypedRepository<TodoList>, ...titles: string[]): Promise<string> {
  const id = uuid()
  await lists.use(id, (l) => {
    for (const t of titles) l.add(t)
  })
  return id
}

describe('deleteAggregate + handleBuiltins', () => {
  it('creates the built-in command addressed to the aggregate', () => {
    const id = uuid()
    const cmd = deleteAggregate('todo.list', id)
    expect(cmd.name).toBe(DELETE_AGGREGATE)
    expect(cmd.aggregate).toEqual({ name: 'todo.list', id })
    expect(() => deleteAggregate('todo.list', 'nope')).toThrow(expect.objectContaining({ code: 'INVALID_UUID' }))
  })

  it('deletes every event of the aggregate and publishes the built-in deleted event', async () => {
    // Deleting from the store alone leaves snapshots behind: this repository takes none.
    const { bus, memory, store, lists, commands } = wire(false)
    const running = await handleBuiltins(commands, { store, eventBus: bus })
    const id = await saveList(lists, 'milk', 'eggs', 'bread')
    const other = await saveList(lists, 'tea')
    const deleted = await awaitEvents<AggregateDeletedEvent>(bus, AGGREGATE_DELETED)
    await commands.dispatch(deleteAggregate('todo.list', id))
    const [event] = await deleted.events
    expect(event?.data).toEqual({ name: 'todo.list', id, version: 3 })
    expect(await drain(memory.query({ aggregates: [{ name: 'todo.list', id }] }))).toEqual([])
    expect((await lists.fetch(other)).tasks).toEqual(['tea'])
    expect((await lists.fetch(id)).aggregateVersion).toBe(0)
    await running.stop()
    await commands.close()
  })

  it('publishes the custom event of the aggregate’s name instead — or both', async () => {
    const { bus, repo, lists, commands } = wire()
    const running = await handleBuiltins(commands, {
      repository: repo,
      eventBus: bus,
      deletedEvents: {
        'todo.list': (ref) => newEvent('todo.list_deleted', { id: ref.id, tasks: ref.version }),
        'shop.cart': (ref) => [newEvent('shop.cart_deleted', { id: ref.id }), aggregateDeletedEvent(ref)],
      },
    })
    const id = await saveList(lists, 'milk', 'eggs')
    const seen: Event[] = []
    const sub = await bus.subscribe([AGGREGATE_DELETED, 'todo.list_deleted', 'shop.cart_deleted'])
    const reading = (async () => {
      for await (const e of sub) {
        seen.push(e)
        if (seen.length === 3) break
      }
    })()
    await commands.dispatch(deleteAggregate('todo.list', id))
    // A cart: an aggregate without a class here, saved as raw events.
    const cart = uuid()
    await repo.store.insert([
      newEvent('shop.item_added', { sku: 'a' }, { aggregate: { name: 'shop.cart', id: cart, version: 1 } }),
    ])
    await commands.dispatch(deleteAggregate('shop.cart', cart))
    await reading
    expect(seen.map((e) => e.name)).toEqual(['todo.list_deleted', 'shop.cart_deleted', AGGREGATE_DELETED])
    expect(seen[0]?.data).toEqual({ id, tasks: 2 })
    expect(seen[2]?.data).toEqual({ name: 'shop.cart', id: cart, version: 1 })
    await running.stop()
    await commands.close()
  })

  it('deletes the snapshots too when it deletes through a repository', async () => {
    const { bus, repo, lists, snapshots, commands } = wire()
    const running = await handleBuiltins(commands, { repository: repo, eventBus: bus })
    const id = await saveList(lists, 'milk', 'eggs')
    expect(await snapshots.latest('todo.list', id)).toBeDefined()
    await commands.dispatch(deleteAggregate('todo.list', id))
    expect(await snapshots.latest('todo.list', id)).toBeUndefined()
    expect((await lists.fetch(id)).tasks).toEqual([])
    await running.stop()
    await commands.close()
  })

  it('fails with NOT_FOUND for an aggregate without events, and keeps the events when the custom event fails', async () => {
    const { bus, memory, store, lists, commands } = wire()
    const running = await handleBuiltins(commands, {
      store,
      eventBus: bus,
      deletedEvents: {
        'todo.list': () => {
          throw new Error('no event today')
        },
      },
    })
    const missing = await commands.dispatch(deleteAggregate('todo.list', uuid())).catch((e: unknown) => e)
    expect(isCommandError(missing, 'NOT_FOUND')).toBe(true)
    const id = await saveList(lists, 'milk')
    const failed = await commands.dispatch(deleteAggregate('todo.list', id)).catch((e: unknown) => e)
    expect((failed as Error).message).toBe('no event today')
    expect(await drain(memory.query({ aggregates: [{ name: 'todo.list', id }] }))).toHaveLength(1)
    await running.stop()
    await commands.close()
  })

  it('rejects bad options with INVALID_OPTION', async () => {
    const { bus, store, commands } = wire()
    await expect(handleBuiltins(commands, { eventBus: bus } as never)).rejects.toMatchObject({ code: 'INVALID_OPTION' })
    await expect(handleBuiltins(commands, { store } as never)).rejects.toMatchObject({ code: 'INVALID_OPTION' })
    await expect(
      handleBuiltins(commands, { store, eventBus: bus, deletedEvents: { 'todo.list': 'x' as never } }),
    ).rejects.toMatchObject({ code: 'INVALID_OPTION' })
    await expect(handleBuiltins(commands, { store, eventBus: bus, wrokers: 2 } as never)).rejects.toThrow(
      /Unknown handleBuiltins option "wrokers"/,
    )
    await commands.close()
  })
})
