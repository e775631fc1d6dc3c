import { MemorySnapshotStore, type SnapshotStore } from '@goes/core'
import { snapshotStoreCases } from '../src/index.js'
import { byId, expectCaught, expectPass } from './caught.js'
import { BuggySnapshotStore, type Bugs } from './snapshot-broken-stores.js'

// The snapshot suite is tested like the store suite: each bug must make the cases aimed at it
// FAIL with an assertion, and the same cases must pass against a correct store.

const cases = (make: () => SnapshotStore) => byId(snapshotStoreCases(make, { concurrency: 8 }))
const ALL_IDS = [...cases(() => new MemorySnapshotStore()).keys()]

const BUGS: [string, Bugs, string[]][] = [
  ['ignores maxVersion', { ignoreMaxVersion: true }, ['latest.maxVersion', 'cleanup.keep', 'concurrent.versions']],
  ['last saved wins', { lastSavedWins: true }, ['latest.highest', 'concurrent.versions']],
  ['null for an aggregate without snapshots', { nullForNone: true }, ['latest.unknown', 'delete', 'isolation']],
  ['state kept by reference', { byReference: true }, ['state.isolated']],
  ['cleanup keeps the oldest', { cleanupKeepsOldest: true }, ['cleanup.keep']],
  ['keyed by id alone', { idOnlyKey: true }, ['latest.unknown', 'isolation']],
  ['no validation', { noValidation: true }, ['invalid.snapshot']],
]

describe('AGG-6: the snapshot suite catches broken snapshot stores', () => {
  it('AGG-6: the naive store without bugs passes every case (the control)', async () => {
    await expectPass(
      cases(() => new BuggySnapshotStore({})),
      ALL_IDS,
      'control: naive store',
    )
  })

  for (const [bug, flags, ids] of BUGS) {
    it(`AGG-6: a store where ${bug} fails ${ids.join(', ')}`, async () => {
      await expectCaught(
        cases(() => new BuggySnapshotStore(flags)),
        ids,
        bug,
      )
    })
  }
})
