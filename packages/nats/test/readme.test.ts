import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { busesExample } from './fixtures-n1/readme-example.js'
import { connectNats, deleteStream, nats, uniqueId } from './fixtures-n1/setup.js'

nats.describe('README: the buses', () => {
  it('the example runs and prints what the README says', async () => {
    const id = uniqueId()
    const lines: string[] = []
    try {
      await busesExample(nats.url, { prefix: `t${id}`, stream: `T_${id}` }, (line) => lines.push(line))
    } finally {
      const nc = await connectNats()
      await deleteStream(nc, `T_${id}`)
      await nc.close()
    }
    expect(lines).toEqual([
      'core: shop.order_placed {"item":"milk"}',
      'jetstream: shop.order_placed {"item":"tea"}',
      'jetstream: shop.order_shipped {"item":"tea"}',
    ])
  })

  it('the example in README.md is test/fixtures-n1/readme-example.ts, verbatim', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8')
    const source = readFileSync(join(__dirname, 'fixtures-n1', 'readme-example.ts'), 'utf8').trim()
    expect(readme).toContain(source)
  })
})
