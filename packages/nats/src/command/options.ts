import type { CommandBusMode, EventCommandBusOptions } from '@goes/core'
import type { SubjectOptions } from '../subject/subjects.js'

/**
 * Options of {@link NatsCommandBus}: those of `EventCommandBus` (payload `codecs`, `sync`,
 * timeouts, `maxBufferedErrors`), plus where the protocol messages travel.
 *
 * @example
 * ```ts
 * const options: NatsCommandBusOptions = { prefix: 'shop.commands', sync: true, timeoutMs: 10_000 }
 * ```
 * @public
 */
export interface NatsCommandBusOptions extends EventCommandBusOptions, SubjectOptions {
  /**
   * First token(s) of the subjects of the command protocol messages. Dispatchers and handlers
   * of a command must use the same prefix. Default {@link DEFAULT_COMMAND_PREFIX}.
   */
  readonly prefix?: string
  /**
   * Default `'group'`: each command name's handlers form a NATS queue group, so the server
   * hands every command to one of them — no request/assign round trip. `'assign'` works too
   * (and must then be used by every dispatcher and handler of the command).
   */
  readonly mode?: CommandBusMode
}

/**
 * The default subject prefix of a {@link NatsCommandBus}: its protocol messages travel on
 * `goes.commands.goes:command:<kind>`.
 *
 * @example
 * ```ts
 * const monitor = await new NatsBus(nc, { prefix: DEFAULT_COMMAND_PREFIX, codecs: registerCommandProtocol(new CodecRegistry()) }).subscribe('*')
 * ```
 * @public
 */
export const DEFAULT_COMMAND_PREFIX = 'goes.commands'
