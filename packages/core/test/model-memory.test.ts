import { isGoesError, MemoryModelRepository } from '../src/index.js'

// The contract itself is proven by the model-repository suite of @goes/testing
// (packages/testing/test/model-suite.test.ts); these are the memory repository's own traits.

type Count = { n: number; at?: Date }

describe('MemoryModelRepository', () => {
  it('counts stored models; deleted ones leave only their version', async () => {
    const r = new MemoryModelRepository<Count>()
    await r.save('a', { n: 1 })
    await r.save('b', { n: 2 })
    expect(r.size).toBe(2)
    expect(await r.delete('a')).toBe(2)
    expect(r.size).toBe(1)
    expect(await r.save('a', { n: 3 }, { expectedVersion: 2 })).toBe(3)
  })

  it('a model that is not data is refused with ENCODE_FAILED and nothing is stored', async () => {
    const r = new MemoryModelRepository<unknown>()
    let err: unknown
    try {
      await r.save('a', { run: () => 1 })
    } catch (e) {
      err = e
    }
    expect(isGoesError(err, 'ENCODE_FAILED')).toBe(true)
    expect((err as Error).message).toMatch(/plain data/)
    expect((await r.fetchVersioned('a').catch((e: unknown) => e)) as object).toMatchObject({ code: 'NOT_FOUND' })
  })

  it('the repository option attempts is checked at construction and used by use()', async () => {
    expect(() => new MemoryModelRepository({ attempts: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    )
    const r = new MemoryModelRepository<Count>({ factory: () => ({ n: 0 }), attempts: 2 })
    let calls = 0
    const lost = r.use('a', async (m) => {
      calls++
      await r.save('a', { n: 100 + calls }) // another writer always wins
      m.n++
    })
    await expect(lost).rejects.toMatchObject({ code: 'CONSISTENCY' })
    expect(calls).toBe(2)
  })
})
