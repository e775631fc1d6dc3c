// The wire-error cases can fail: a receiver whose error buffer drops the NEWEST errors without
// counting them (what @goes/mongo's services did), or one that reports malformed messages with
// another code, is caught; the same wire without the bug passes.
import { CodecRegistry, type GoesError, GoesError as GoesErrorClass, MemoryBus } from '@goes/core'
import { AsyncQueue } from '@goes/core/backend'
import { busWireTarget, type WireErrorTarget, type WireReceiver, wireErrorCases } from '../src/index.js'
import { byId, expectCaught, expectPass } from './caught.js'

const MAX = 4

type Bug = (r: WireReceiver) => WireReceiver

/** Reads the real receiver's errors and hands them on through `push`. */
function relay(r: WireReceiver, push: (queue: AsyncQueue<GoesError>, err: GoesError) => void): WireReceiver {
  const queue = new AsyncQueue<GoesError>()
  void (async () => {
    for await (const err of r.errors) push(queue, err)
    queue.close()
  })()
  return { errors: queue, droppedErrors: 0, received: r.received, close: () => r.close() }
}

const dropsNewest: Bug = (r) =>
  relay(r, (queue, err) => {
    if (queue.size < MAX) queue.push(err) // later ones silently lost, nothing counted
  })

const wrongCode: Bug = (r) =>
  relay(r, (queue, err) => queue.push(new GoesErrorClass('DECODE_FAILED', err.message, { cause: err })))

function target(bug?: Bug): WireErrorTarget {
  const real = busWireTarget(
    new MemoryBus({ codecs: new CodecRegistry({ unknownNames: 'json' }), maxBufferedErrors: MAX }),
    {
      publishRaw: (bus, name, bytes) => (bus as MemoryBus).publishRaw(name, bytes),
      maxBufferedErrors: MAX,
    },
  )
  if (bug === undefined) return real
  return { ...real, open: async (name) => bug(await real.open(name)) }
}

const cases = (bug?: Bug) => byId(wireErrorCases(() => target(bug), { eventTimeout: 500 }))

describe('CRS-3: the wire-error cases catch broken receivers', () => {
  it('CRS-3: the wire without bugs passes every case (the control)', async () => {
    await expectPass(cases(), [...cases().keys()], 'control')
  })
  it('CRS-3: an error buffer that drops the newest errors uncounted fails wire.overflow', async () => {
    await expectCaught(cases(dropsNewest), ['wire.overflow'], 'drops the newest')
  })
  it('CRS-3: malformed messages reported with another code fail wire.malformed and wire.misaddressed', async () => {
    await expectCaught(cases(wrongCode), ['wire.malformed', 'wire.misaddressed'], 'wrong code')
  })
})
