import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PubSub } from '@google-cloud/pubsub'
import { example } from './readme-example.js'
import { dropPrefixed, pubsub, uniquePrefix } from './support/pubsub.js'

pubsub.describe('README', () => {
  it('the example runs and prints what the README says', async () => {
    const client = new PubSub({ projectId: 'shop' }) // the example's project
    const prefix = uniquePrefix()
    try {
      const lines: unknown[][] = []
      await example((...values) => lines.push(values), prefix)
      expect(lines).toEqual([
        ['audit', { total: 42 }],
        ['billing', { total: 42 }],
        ['executed', 'number'],
      ])
    } finally {
      await dropPrefixed(client, prefix)
      await client.close()
    }
  }, 60_000)

  it('the example in README.md is test/readme-example.ts, verbatim', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8')
    const source = readFileSync(join(__dirname, 'readme-example.ts'), 'utf8').trim()
    expect(readme).toContain(source)
  })
})
