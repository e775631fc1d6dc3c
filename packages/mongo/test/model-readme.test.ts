import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { integration } from '@goes-internal/services/integration'
import { MongoClient } from 'mongodb'
import { modelsExample } from './fixtures-m2/readme-models.js'
import { uniqueName } from './support/db.js'

const mongo = integration('mongo')

mongo.describe('README: Snapshots and Models', () => {
  it('the example runs and prints what the README says', async () => {
    const database = uniqueName('goes_m2_readme')
    const lines: unknown[][] = []
    try {
      await modelsExample(mongo.url, database, (...values) => lines.push(values))
    } finally {
      const client = await MongoClient.connect(mongo.url)
      await client.db(database).dropDatabase()
      await client.close()
    }
    expect(lines).toEqual([[50], [{ open: 2, done: 0 }]])
  })

  it('the example in README.md is test/fixtures-m2/readme-models.ts, verbatim', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8')
    const source = readFileSync(join(__dirname, 'fixtures-m2', 'readme-models.ts'), 'utf8').trim()
    expect(readme).toContain(source)
  })
})
