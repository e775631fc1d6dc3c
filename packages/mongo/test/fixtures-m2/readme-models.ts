import { MongoModelRepository, MongoSnapshotStore } from '@goes/mongo'
import { MongoClient } from 'mongodb'

type TaskCount = { open: number; done: number }

export async function modelsExample(url: string, database: string, log: (...values: unknown[]) => void) {
  const client = await MongoClient.connect(url)
  const db = client.db(database)

  // Snapshots: one document per (aggregate, version); plug the store into a core Repository.
  const snapshots = new MongoSnapshotStore(db)
  const listId = '0192e3c4-8b1f-7c3a-9d2e-4f5a6b7c8d9e'
  await snapshots.save({
    aggregateName: 'todo.list',
    aggregateId: listId,
    version: 50,
    time: new Date(),
    state: { open: ['milk'] },
  })
  log((await snapshots.latest('todo.list', listId))?.version)

  // Models: plain read models by id; use() never loses an update to a concurrent writer.
  const counts = new MongoModelRepository<TaskCount>(db, { factory: () => ({ open: 0, done: 0 }) })
  await Promise.all([counts.use(listId, (m) => void m.open++), counts.use(listId, (m) => void m.open++)])
  log(await counts.fetch(listId))

  await client.close()
}
