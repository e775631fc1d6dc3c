import assert from 'node:assert/strict'
import { type EventStore, MemoryStore } from '@goes/core'
import { eventBusCases, eventStoreCases, type ItFn, registerCases, runEventStoreSuite } from '../src/index.js'

// The runners only need a describe and an it, so any runner (jest, vitest) works; these tests
// register with fakes and look at what was registered.
function fakeRunner() {
  const registered: { title: string; skipped: boolean; timeout: number | undefined; run: () => Promise<void> }[] = []
  const suites: string[] = []
  const describe = (title: string, body: () => void) => {
    suites.push(title)
    body()
  }
  const it: ItFn = Object.assign(
    (title: string, run: () => Promise<void>, timeout?: number) =>
      registered.push({ title, skipped: false, timeout, run }),
    {
      skip: (title: string, run: () => Promise<void>, timeout?: number) =>
        registered.push({ title, skipped: true, timeout, run }),
    },
  )
  return { describe, it, registered, suites }
}

describe('runners', () => {
  it('register one describe and one test per case, skipped cases through it.skip', () => {
    const f = fakeRunner()
    runEventStoreSuite('a store', () => new MemoryStore(), { describe: f.describe, it: f.it, skip: ['insert.single'] })
    const cases = eventStoreCases(() => new MemoryStore())
    assert.deepEqual(f.suites, ['a store'])
    assert.equal(f.registered.length, cases.length)
    const single = f.registered.find((r) => r.title.startsWith('insert.single:'))
    assert.ok(single?.skipped, 'a case listed in options.skip is registered as skipped')
    assert.match(single.title, /SKIPPED: listed in options.skip/)
    const stream = f.registered.find((r) => r.title.startsWith('query.stream:'))
    assert.equal(stream?.timeout, 600_000, 'heavy cases get a multiple of the base timeout')
  })

  it('say loudly when the malformed-message case cannot run', () => {
    const without = eventBusCases(() => {
      throw new Error('never built: the case is skipped')
    }).find((c) => c.id === 'malformed.reported')!
    assert.match(without.title, /NOT TESTED — pass options.publishRaw/)
    assert.ok(without.skipped)
    const withRaw = eventBusCases(() => ({}) as never, { publishRaw: async () => {} }).find(
      (c) => c.id === 'malformed.reported',
    )!
    assert.equal(withRaw.skipped, undefined)
  })

  it('build a fresh instance per case and clean it up even when the case fails', async () => {
    const built: EventStore[] = []
    const cleaned: EventStore[] = []
    const cases = eventStoreCases(
      async () => {
        const s = new MemoryStore()
        built.push(s)
        return s
      },
      { cleanup: (s) => void cleaned.push(s) },
    )
    await cases.find((c) => c.id === 'insert.single')!.run()
    await cases.find((c) => c.id === 'insert.batch')!.run()
    assert.equal(built.length, 2)
    assert.notEqual(built[0], built[1])
    assert.deepEqual(cleaned, built)

    const failing = eventStoreCases(() => ({}) as EventStore, { cleanup: (s) => void cleaned.push(s) })
    await assert.rejects(failing.find((c) => c.id === 'insert.single')!.run())
    assert.equal(cleaned.length, 3, 'cleanup runs after a failing case too')
  })

  it('fail clearly without a runner', () => {
    assert.throws(() => registerCases('x', [], { describe: undefined, it: 'nope' as never }), /No test runner found/)
  })
})
