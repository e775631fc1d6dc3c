import { modelRepositoryCases } from '../src/index.js'
import { byId, expectCaught, expectPass } from './caught.js'
import { BrokenModelRepository, type Bugs } from './model-broken-repositories.js'

// The model suite is tested like the other suites: each bug must make the cases aimed at it
// FAIL with an assertion, and the same cases must pass against the wrapper without bugs.

const cases = (bugs: Bugs) =>
  byId(modelRepositoryCases((settings) => new BrokenModelRepository(settings, bugs), { concurrency: 10 }))
const ALL_IDS = [...cases({}).keys()]

const BUGS: [string, Bugs, string[]][] = [
  ['loses updates (use() without a version check)', { lostUpdate: true }, ['use.race', 'use.stale']],
  ['ignores the factory', { ignoresFactory: true }, ['fetch.factory', 'delete']],
  ['leaves the model on delete', { deleteKeeps: true }, ['delete', 'versions']],
  ['deletes without a marker', { deleteWithoutMarker: true }, ['versions']],
  [
    'raises untyped conflicts (a plain Error)',
    { untypedConflict: true },
    ['expected.version', 'use.race', 'use.attempts'],
  ],
  ['does not keep versions', { versionNotKept: true }, ['versions', 'expected.version', 'use.race']],
  ['takes a write two versions behind', { staleAfterPrune: true }, ['use.stale']],
  ['keeps models by reference', { byReference: true }, ['copy']],
  ['loses nanoseconds of a progress', { lossyProgress: true }, ['progress.roundtrip']],
  ['ignores abort signals', { ignoresAbort: true }, ['abort']],
  ['does not check ids', { noIdCheck: true }, ['invalid.id']],
]

describe('CRS-1: the model-repository suite catches broken repositories', () => {
  it('CRS-1: the wrapper without bugs passes every case (the control)', async () => {
    await expectPass(cases({}), ALL_IDS, 'control: memory wrapper')
  })

  for (const [bug, flags, ids] of BUGS) {
    it(`CRS-1: the suite catches a repository that ${bug}: ${ids.join(', ')} fail`, async () => {
      await expectCaught(cases(flags), ids, bug)
    })
  }
})
