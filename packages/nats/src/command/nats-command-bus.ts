/// <reference lib="esnext.disposable" preserve="true" />
import {
  CodecRegistry,
  type Command,
  type CommandBus,
  type DispatchOptions,
  EventCommandBus,
  type EventCommandSubscription,
  type ExecutionReport,
  GoesError,
  registerCommandProtocol,
  type SignalOptions,
} from '@goes/core'
import type { NatsConnection } from '@nats-io/transport-node'
import { NatsBus } from '../core/nats-bus.js'
import { DEFAULT_COMMAND_PREFIX, type NatsCommandBusOptions } from './options.js'

/**
 * The command bus of `@goes/core` (an `EventCommandBus`) across processes over NATS core: every
 * command is executed by exactly one handler instance, whichever process it runs in. By default
 * the handlers of a command name share a NATS queue group (`mode: 'group'`), so a synchronous
 * dispatch costs one message to a handler and two back ("accepted", "executed").
 *
 * It runs on a {@link NatsBus} of its own (prefix `goes.commands`, a codec registry that holds
 * only the command protocol). `close()` closes that bus, never the connection.
 *
 * Delivery is that of NATS core: a command sent while no handler is connected is not kept; the
 * dispatch then fails with `NOT_ASSIGNED` after `assignTimeoutMs`, never silently.
 *
 * @example
 * ```ts
 * const nc = await connect({ servers: '127.0.0.1:4222', maxReconnectAttempts: -1 })
 * const commands = new NatsCommandBus(nc, { sync: true })
 * const sub = await commands.subscribe(['todo.add_task'])
 * void (async () => { for await (const ctx of sub) await ctx.finish() })()
 * const report = await commands.dispatch(newCommand('todo.add_task', { title: 'milk' }))
 * await commands.close()
 * ```
 * @public
 */
export class NatsCommandBus implements CommandBus, AsyncDisposable {
  readonly #events: NatsBus
  readonly #commands: EventCommandBus

  /** Throws `INVALID_OPTION` for a missing connection or a bad option. */
  constructor(nc: NatsConnection, options: NatsCommandBusOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new GoesError(
        'INVALID_OPTION',
        'new NatsCommandBus(nc, options) takes an options object; leave it out for the defaults.',
      )
    }
    const { prefix, subject, ...commandOptions } = options
    this.#events = new NatsBus(nc, {
      codecs: registerCommandProtocol(new CodecRegistry()),
      prefix: prefix ?? DEFAULT_COMMAND_PREFIX,
      // The protocol has its own timeouts (NOT_ASSIGNED, TIMEOUT): no flush round trip per message.
      confirm: false,
      ...(subject === undefined ? {} : { subject }),
      ...(options.maxBufferedErrors === undefined ? {} : { maxBufferedErrors: options.maxBufferedErrors }),
    })
    try {
      this.#commands = new EventCommandBus(this.#events, { ...commandOptions, mode: options.mode ?? 'group' })
    } catch (err) {
      void this.#events.close()
      throw err
    }
  }

  /** The id this bus dispatches under (every protocol message names it). */
  get id(): string {
    return this.#commands.id
  }

  /** The event bus the protocol messages travel on (to watch them: subscribe to `COMMAND_PROTOCOL_NAMES`). */
  get events(): NatsBus {
    return this.#events
  }

  /** Problems on the dispatching side: unreadable answers, answers to unknown commands. */
  get errors(): AsyncIterable<GoesError> {
    return this.#commands.errors
  }

  /** Errors dropped because more than `maxBufferedErrors` were waiting unread. */
  get droppedErrors(): number {
    return this.#commands.droppedErrors
  }

  /**
   * Dispatches a command; see `EventCommandBus.dispatch` for what it resolves and rejects with
   * (`NOT_ASSIGNED` when no handler took it in time, `TIMEOUT`, the handler's `CommandError`, …).
   */
  dispatch(command: Command, options?: DispatchOptions): Promise<ExecutionReport> {
    return this.#commands.dispatch(command, options)
  }

  /** Makes this process a handler instance of the given command names (its queue group member). */
  subscribe(names: readonly string[], options?: SignalOptions): Promise<EventCommandSubscription> {
    return this.#commands.subscribe(names, options)
  }

  /**
   * Closes the command bus (waiting dispatches reject with `CLOSED`, its subscriptions end) and
   * its event bus. The connection stays open. Idempotent.
   */
  async close(): Promise<void> {
    await this.#commands.close()
    await this.#events.close()
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close()
  }
}
