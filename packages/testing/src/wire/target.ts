import {
  type Command,
  type CommandBus,
  type EventBus,
  type GoesError,
  newCommand,
  newEvent,
  type Subscription,
} from '@goes/core'
import { COMMAND_DISPATCHED } from '@goes/core/backend'

/**
 * One receiver of a wire under test: a bus subscription, or a command subscription.
 *
 * @example
 * ```ts
 * const r: WireReceiver = { errors: sub.errors, get droppedErrors() { return sub.droppedErrors }, received, close: () => sub.close() }
 * ```
 * @public
 */
export interface WireReceiver {
  /** Its error stream (iterated once, by the case). */
  readonly errors: AsyncIterable<GoesError>
  /** Its count of errors dropped because `maxBufferedErrors` were waiting unread. */
  readonly droppedErrors: number
  /** The ids of the valid messages it received (event or command ids), in arrival order. */
  readonly received: AsyncIterable<string>
  close(): Promise<void>
}

/**
 * A wire that receivers read from — an event bus, or a command bus over one — as the
 * wire-error cases see it: open a receiver for a name, put raw bytes where messages of that
 * name go, send a valid message.
 *
 * @example
 * ```ts
 * runWireErrorSuite('MyBus', async () => busWireTarget(new MyBus({ maxBufferedErrors: 5 }), { publishRaw, maxBufferedErrors: 5 }))
 * ```
 * @public
 */
export interface WireErrorTarget {
  /** The `maxBufferedErrors` its receivers were created with (keep it small, e.g. 5). */
  readonly maxBufferedErrors: number
  /** Whether messages sent one after another reach a receiver in that order (Pub/Sub without ordering keys: false). */
  readonly ordered: boolean
  /** Opens a receiver of messages of `name`; listening once it resolves. */
  open(name: string): Promise<WireReceiver>
  /** Puts `bytes` on the wire where messages of `name` go, as a foreign or broken sender would. */
  sendRaw(name: string, bytes: Uint8Array): Promise<void>
  /** Sends a valid message of `name`; resolves with the id its receiver will report. */
  sendValid(name: string): Promise<string>
}

/**
 * How the wire-error cases reach an event bus: see {@link busWireTarget}.
 *
 * @example
 * ```ts
 * const settings: BusWireSettings = { publishRaw: (bus, name, bytes) => (bus as MyBus).publishRaw(name, bytes), maxBufferedErrors: 5 }
 * ```
 * @public
 */
export interface BusWireSettings {
  /** Puts raw bytes on the bus's wire under an event name (as for the bus suite's malformed case). */
  readonly publishRaw: (bus: EventBus, name: string, bytes: Uint8Array) => Promise<void>
  /** The `maxBufferedErrors` the bus was created with. */
  readonly maxBufferedErrors: number
  /** Whether the bus delivers one publisher's messages in order (default true). */
  readonly ordered?: boolean
}

/**
 * The wire of an event bus: receivers are subscriptions, valid messages are events.
 *
 * @example
 * ```ts
 * busWireTarget(new MemoryBus({ codecs, maxBufferedErrors: 5 }), { publishRaw, maxBufferedErrors: 5 })
 * ```
 * @public
 */
export function busWireTarget(bus: EventBus, settings: BusWireSettings): WireErrorTarget {
  return {
    maxBufferedErrors: settings.maxBufferedErrors,
    ordered: settings.ordered ?? true,
    async open(name) {
      return subscriptionReceiver(await bus.subscribe([name]))
    },
    sendRaw: (name, bytes) => settings.publishRaw(bus, name, bytes),
    async sendValid(name) {
      const e = newEvent(name, { valid: true })
      await bus.publish([e])
      return e.id
    },
  }
}

function subscriptionReceiver(sub: Subscription): WireReceiver {
  return {
    errors: sub.errors,
    get droppedErrors() {
      return sub.droppedErrors
    },
    received: (async function* () {
      for await (const e of sub) yield e.id
    })(),
    close: () => sub.close(),
  }
}

/**
 * The wire of a command bus that runs over an event bus (`EventCommandBus`, `NatsCommandBus`):
 * receivers are command subscriptions (each command is finished at once), valid messages are
 * dispatched commands, and raw bytes go where the command protocol's "dispatched" messages go
 * on the event bus — so what the event bus reports reaches the command subscription's `errors`.
 *
 * @example
 * ```ts
 * commandWireTarget(new EventCommandBus(bus, { maxBufferedErrors: 5 }), { publishRaw: (n, b) => bus.publishRaw(n, b), maxBufferedErrors: 5 })
 * ```
 * @public
 */
export function commandWireTarget(
  commands: CommandBus,
  settings: {
    readonly publishRaw: (name: string, bytes: Uint8Array) => Promise<void>
    readonly maxBufferedErrors: number
    readonly ordered?: boolean
  },
): WireErrorTarget {
  return {
    maxBufferedErrors: settings.maxBufferedErrors,
    ordered: settings.ordered ?? true,
    async open(name) {
      const sub = await commands.subscribe([name])
      return {
        errors: sub.errors,
        get droppedErrors() {
          return sub.droppedErrors
        },
        received: (async function* () {
          for await (const ctx of sub) {
            await ctx.finish()
            yield ctx.command.id
          }
        })(),
        close: () => sub.close(),
      }
    },
    sendRaw: (_name, bytes) => settings.publishRaw(COMMAND_DISPATCHED, bytes),
    async sendValid(name) {
      const command: Command = newCommand(name, { valid: true })
      await commands.dispatch(command)
      return command.id
    },
  }
}
