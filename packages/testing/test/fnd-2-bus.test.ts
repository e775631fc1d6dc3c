import { type EventBus, MemoryBus } from '@goes/core'
import { eventBusCases } from '../src/index.js'
import { DroppingBus, LeakyBus } from './broken-buses.js'
import { byId, expectCaught, expectPass } from './caught.js'

// The bus suite is tested by pointing it at deliberately broken buses: each bug must make the
// cases aimed at it FAIL with an assertion, and the same cases must pass against MemoryBus.

const cases = (make: () => EventBus) => byId(eventBusCases(make, { eventTimeout: 1_000, quietMs: 50 }))

describe('FND-2: the bus suite catches broken buses', () => {
  it('FND-2: a bus that drops every 100th event fails the many-events case', async () => {
    await expectCaught(
      cases(() => new DroppingBus()),
      ['deliver.many'],
      'dropped events',
    )
    await expectPass(
      cases(() => new DroppingBus()),
      ['deliver.one'],
      'dropping bus, fewer than 100 events',
    )
    await expectPass(
      cases(() => new MemoryBus()),
      ['deliver.many'],
      'control: MemoryBus',
    )
  }, 120_000)

  it('FND-2: a bus that ignores the subscribed names fails the name cases', async () => {
    const ids = ['deliver.names', 'deliver.others']
    await expectCaught(
      cases(() => new LeakyBus()),
      ids,
      'ignored names',
    )
    await expectPass(
      cases(() => new MemoryBus()),
      ids,
      'control: MemoryBus',
    )
  })
})
