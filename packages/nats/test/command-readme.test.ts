import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { integration } from '@goes-internal/services/integration'
import { commandsExample } from './fixtures-n2/readme-commands.js'

const nats = integration('nats')

nats.describe('README: Commands across processes', () => {
  it('the example runs and prints what the README says', async () => {
    const lines: string[] = []
    await commandsExample(nats.url, (line) => lines.push(line))
    expect(lines).toEqual(['executed shop.place_order', 'refused: Order at least one milk.'])
  })

  it('the example in README.md is test/fixtures-n2/readme-commands.ts, verbatim', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8')
    const source = readFileSync(join(__dirname, 'fixtures-n2', 'readme-commands.ts'), 'utf8').trim()
    expect(readme).toContain(source)
  })
})
