import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { aggregateExample } from './readme-aggregate-example.js'

describe('README: aggregates and commands', () => {
  it('the example runs and prints what the README says', async () => {
    const lines: unknown[][] = []
    await aggregateExample((...values) => lines.push(values))
    expect(lines).toEqual([
      ['NO_SUCH_TASK', '"tea" is not on the list.'],
      [3, ['bread']],
    ])
  })

  it('the example in README.md is test/readme-aggregate-example.ts, verbatim', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8')
    const source = readFileSync(join(__dirname, 'readme-aggregate-example.ts'), 'utf8').trim()
    expect(readme).toContain(source)
  })
})
