import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { integration } from '@goes-internal/services/integration'
import { capabilities } from '../src/index.js'
import { outboxExample } from './fixtures-m2/readme-outbox.js'
import { scratchDb } from './support/db.js'

const mongo = integration('mongo')

mongo.describe('README: Reliable publishing and JSON view', () => {
  it('the example runs and prints what the README says', async () => {
    const t = await scratchDb(mongo.url, 'goes_m2_readme')
    const lines: unknown[][] = []
    try {
      await outboxExample(mongo.url, t.db.databaseName, (...values) => lines.push(values))
      const mode = (await capabilities(t.db)).changeStreams ? 'change-stream' : 'poll'
      expect(lines).toEqual([
        ['published', 'todo.task_added'],
        ['relay wakes on', mode],
        ['todo.task_added', 1, { title: 'milk' }],
      ])
    } finally {
      await t.drop()
    }
  })

  it('the example in README.md is test/fixtures-m2/readme-outbox.ts, verbatim', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8')
    const source = readFileSync(join(__dirname, 'fixtures-m2', 'readme-outbox.ts'), 'utf8').trim()
    expect(readme).toContain(source)
  })
})
