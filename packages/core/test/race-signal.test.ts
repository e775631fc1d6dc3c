import { raceSignal } from '../src/backend/index.js'
import { isGoesError } from '../src/index.js'

describe('raceSignal', () => {
  it('settles like the promise when the signal does not fire, and leaves no listener behind', async () => {
    const ctl = new AbortController()
    let listeners = 0
    const signal = ctl.signal
    const add = signal.addEventListener.bind(signal)
    const remove = signal.removeEventListener.bind(signal)
    signal.addEventListener = ((...args: Parameters<typeof add>) => {
      listeners++
      add(...args)
    }) as typeof add
    signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
      listeners--
      remove(...args)
    }) as typeof remove
    await expect(raceSignal(Promise.resolve(7), signal, 'x')).resolves.toBe(7)
    await expect(raceSignal(Promise.reject(new Error('boom')), signal, 'x')).rejects.toThrow('boom')
    expect(listeners).toBe(0)
  })

  it('rejects with ABORTED naming the operation when the signal fires first, or has already fired', async () => {
    const ctl = new AbortController()
    const pending = raceSignal(new Promise<number>(() => {}), ctl.signal, 'waiting for the server')
    ctl.abort()
    const err = await pending.catch((e: unknown) => e)
    expect(isGoesError(err, 'ABORTED')).toBe(true)
    expect((err as Error).message).toContain('waiting for the server')
    const late = await raceSignal(Promise.resolve(1), ctl.signal, 'again').catch((e: unknown) => e)
    expect(isGoesError(late, 'ABORTED')).toBe(true)
  })

  it('without a signal returns the promise itself', () => {
    const p = Promise.resolve(1)
    expect(raceSignal(p, undefined, 'x')).toBe(p)
  })
})
