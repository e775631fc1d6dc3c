// CRS-3: the in-memory bus (codec mode: envelopes on its "wire") and the command bus over it
// report malformed messages, misaddressed messages and an error buffer nobody reads the same
// way — the one shared set of wire-error cases, also run by @goes/nats and @goes/pubsub.
import { CodecRegistry, EventCommandBus, MemoryBus, registerCommandProtocol } from '@goes/core'
import { busWireTarget, commandWireTarget, runWireErrorSuite } from '../src/index.js'

const MAX = 5
const codecs = () => new CodecRegistry({ unknownNames: 'json' })

runWireErrorSuite(
  'CRS-3: MemoryBus (codec mode) reports wire errors like every bus',
  () =>
    busWireTarget(new MemoryBus({ codecs: codecs(), maxBufferedErrors: MAX }), {
      publishRaw: (bus, name, bytes) => (bus as MemoryBus).publishRaw(name, bytes),
      maxBufferedErrors: MAX,
    }),
  { titlePrefix: 'CRS-3: ' },
)

const commandBuses = new WeakMap<object, EventCommandBus>()
runWireErrorSuite(
  'CRS-3: EventCommandBus over a MemoryBus reports wire errors like every bus',
  () => {
    const bus = new MemoryBus({ codecs: registerCommandProtocol(codecs()) })
    const commands = new EventCommandBus(bus, { maxBufferedErrors: MAX })
    const target = commandWireTarget(commands, {
      publishRaw: (name, bytes) => bus.publishRaw(name, bytes),
      maxBufferedErrors: MAX,
    })
    commandBuses.set(target, commands)
    return target
  },
  { titlePrefix: 'CRS-3: ', cleanup: (target) => commandBuses.get(target)?.close() },
)
