import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { modelsExample } from './readme-models-example.js'

describe('README: read models', () => {
  it('the example runs and prints what the README says', async () => {
    const lines: unknown[][] = []
    await modelsExample((...values) => lines.push(values))
    expect(lines).toEqual([[1], [true], [0, 3]])
  })

  it('the example in README.md is test/readme-models-example.ts, verbatim', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8')
    const source = readFileSync(join(__dirname, 'readme-models-example.ts'), 'utf8').trim()
    expect(readme).toContain(source)
  })
})
