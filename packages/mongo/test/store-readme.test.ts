import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { integration } from '@goes-internal/services/integration'
import { MongoClient } from 'mongodb'
import { uniqueName } from './support/db.js'
import { storeExample } from './support/readme-store.js'

const mongo = integration('mongo')

mongo.describe('README: the event store', () => {
  it('the example runs and prints what the README says', async () => {
    const database = uniqueName('goes_m1_readme')
    const lines: unknown[][] = []
    try {
      await storeExample(mongo.url, database, (...values) => lines.push(values))
    } finally {
      const client = await MongoClient.connect(mongo.url)
      await client.db(database).dropDatabase()
      await client.close()
    }
    const hello = await MongoClient.connect(mongo.url).then(async (c) => {
      const h = await c.db('admin').command({ hello: 1 })
      await c.close()
      return h
    })
    expect(lines).toEqual([
      ['conflict: re-read the list and retry'],
      [1, 'todo.task_added', { title: 'buy milk' }],
      [2, 'todo.task_done', { title: 'buy milk' }],
      [`batches written with ${typeof hello.setName === 'string' ? 'transactions' : 'markers'}`],
    ])
  })

  it('the example in README.md is test/support/readme-store.ts, verbatim', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8')
    const source = readFileSync(join(__dirname, 'support', 'readme-store.ts'), 'utf8').trim()
    expect(readme).toContain(source)
  })
})
