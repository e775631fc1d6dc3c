// test/conformance.test.ts of your backend package
import { MemoryBus, MemoryStore } from '@goes/core'
import { runEventBusSuite, runEventStoreSuite } from '../src/index.js'

runEventStoreSuite('MemoryStore', () => new MemoryStore(), { streamEvents: 20_000 })
runEventBusSuite('MemoryBus', () => new MemoryBus(), { group: true, publishRaw: false })

// Everything above this line is the README example, verbatim (importing '@goes/testing' there);
// this test keeps them the same.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

it('README: the example above is the one in README.md', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8')
  const self = readFileSync(__filename, 'utf8')
  const example = self
    .slice(0, self.indexOf('// Everything above this line'))
    .replace("'../src/index.js'", "'@goes/testing'")
    .trim()
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1]?.trim()
  if (block !== example) throw new Error(`README.md's first example differs from test/readme.test.ts:\n${block}`)
})
