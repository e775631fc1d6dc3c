import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { example } from './readme-example.js'

describe('README', () => {
  it('the example runs and prints what the README says', async () => {
    const lines: unknown[][] = []
    await example((...values) => lines.push(values))
    expect(lines).toEqual([[{ total: 42 }], [true], [1, { total: 42 }]])
  })

  it('the example in README.md is test/readme-example.ts, verbatim', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8')
    const source = readFileSync(join(__dirname, 'readme-example.ts'), 'utf8').trim()
    expect(readme).toContain(source)
  })
})
