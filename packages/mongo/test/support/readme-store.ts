import { CodecRegistry, isConsistencyError, newEvent, query, uuid } from '@goes/core'
import { MongoStore } from '@goes/mongo'

export async function storeExample(url: string, database: string, log: (...values: unknown[]) => void) {
  // Names whose codec is JSON keep their data as a BSON object: readable in Compass.
  const codecs = new CodecRegistry().register('todo.task_added').register('todo.task_done')
  await using store = await MongoStore.connect(url, { database, codecs })

  // A batch is all or nothing, with or without transactions on the server.
  const list = { name: 'todo.list', id: uuid(), version: 1 }
  const added = newEvent('todo.task_added', { title: 'buy milk' }, { aggregate: list })
  const done = newEvent('todo.task_done', { title: 'buy milk' }, { previous: added })
  await store.insert([added, done])

  // Version 1 of the list is taken: a second writer gets the consistency error.
  try {
    await store.insert([newEvent('todo.task_added', { title: 'call mum' }, { aggregate: list })])
  } catch (err) {
    if (isConsistencyError(err)) log('conflict: re-read the list and retry')
  }

  const history = query().aggregate('todo.list', list.id).sortBy('aggregateVersion').build()
  for await (const e of store.query(history)) log(e.aggregate?.version, e.name, e.data)

  const { batches } = await store.ready()
  log(`batches written with ${batches}`) // 'markers' on a server without transactions
}
