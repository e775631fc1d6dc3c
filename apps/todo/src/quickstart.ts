// The README's 30-second example, verbatim. A test runs it, so it cannot rot.
import { drain, EventHandler, type EventOf, MemoryBus, MemoryStore, newEvent, query, uuid, withBus } from '@goes/core'

// 1. Declare your events once: name → data.
type TodoEvents = {
  'todo.task_added': { title: string }
  'todo.task_done': { title: string }
}
type TodoEvent = EventOf<TodoEvents>

export async function quickstart(log: (line: string) => void = console.log): Promise<void> {
  // 2. The embedded default: an in-memory store that publishes every insert on an in-memory bus.
  const bus = new MemoryBus()
  const store = withBus(new MemoryStore(), bus)

  // 3. React to events: handlers per name, run concurrently with your code; a failing
  //    handler is reported on `errors`, never fatal.
  const open = new Set<string>()
  let finished!: () => void
  const allSeen = new Promise<void>((resolve) => (finished = resolve))
  const running = await new EventHandler<TodoEvents>(bus)
    .on('todo.task_added', (e) => void open.add(e.data.title))
    .on('todo.task_done', (e) => {
      open.delete(e.data.title)
      finished()
    })
    .start()

  // 4. Record what happened: the events of one aggregate, version by version.
  const list = { name: 'todo.list', id: uuid(), version: 1 }
  const added = newEvent('todo.task_added', { title: 'buy milk' }, { aggregate: list })
  const added2 = newEvent('todo.task_added', { title: 'call mum' }, { previous: added })
  const done = newEvent('todo.task_done', { title: 'buy milk' }, { previous: added2 })
  await store.insert([added, added2, done])

  // 5. Ask the store: a query is plain data, built fluently, streamed back.
  const q = query().aggregate('todo.list', list.id).sortBy('aggregateVersion').build()
  const history = (await drain(store.query(q))) as TodoEvent[]
  for (const e of history) log(`v${e.aggregate?.version} ${e.name}: ${e.data.title}`)

  await allSeen
  await running.stop()
  log(`open tasks: ${[...open].join(', ')}`)
}
