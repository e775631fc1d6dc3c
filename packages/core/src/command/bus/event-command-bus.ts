// EventCommandBus: a command bus over any event bus. The protocol, all of it events with
// reserved names (data: see protocol.ts; wire format: protocol-codec.ts):
//
//   dispatcher                                   handler instances (any process)
//   ── goes.command.dispatched ───────────────▶  command id, name, aggregate, ENCODED payload,
//                                               sync flag, mode, assign timeout
//   assign mode (default; works on every event bus):
//   ◀─────────────── goes.command.requested ──  every instance subscribed to that command
//                                               name asks for it (its handler id)
//   ── goes.command.assigned ────────────────▶  the FIRST requester is named; the others
//                                               drop the command
//   group mode (event buses with load-balancing groups):
//                                               instances subscribe to "dispatched" with a
//                                               group per command name: the event bus hands
//                                               each command to one of them, no assignment
//   ◀──────────────── goes.command.accepted ──  that one instance decodes the payload, hands
//                                               the command to its subscriber
//   ◀──────────────── goes.command.executed ──  after finish(): runtime and error (code,
//                                               message, localised messages, details, cause)
//
// An async dispatch resolves on "accepted", a sync one on "executed" (rejecting with the
// rebuilt CommandError). No "accepted" within assignTimeoutMs → NOT_ASSIGNED; a sync dispatch
// without "executed" within timeoutMs (counted from the dispatch) → TIMEOUT. Every message
// names its dispatcher, so each dispatcher only acts on answers to its own commands. A message
// that cannot be read, or names a command its receiver never sent or requested, is reported
// on `errors` (the dispatcher's) or on the subscription's `errors`, and skipped.

import type { EventBus } from '../../bus/bus.js'
import { abortError, GoesError } from '../../errors/errors.js'
import { formatValue } from '../../errors/format.js'
import { assertName } from '../../event/validate.js'
import type { SignalOptions } from '../../stream/signal.js'
import { ErrorBuffer } from '../../subscription/error-buffer.js'
import type { Command, CommandBus, DispatchOptions, ExecutionReport } from '../types.js'
import { Dispatcher } from './dispatcher.js'
import { type EventCommandBusOptions, type ResolvedBusOptions, resolveBusOptions } from './options.js'
import { COMMAND_ASSIGNED, COMMAND_DISPATCHED } from './protocol.js'
import { isAborted } from './send.js'
import { type EventCommandSubscription, HandlerSubscription } from './subscription.js'

/**
 * The command bus that runs over any event bus (FEATURES C2): every command is executed by
 * exactly one handler instance, however many processes subscribe to its name. Payloads travel
 * encoded (`codecs`) and are decoded only by the instance that executes the command.
 *
 * One instance serves both sides: `dispatch` sends commands, `subscribe` makes this process a
 * handler instance. On an event bus with a strict codec registry, register the protocol names
 * with {@link registerCommandProtocol}.
 *
 * @example
 * ```ts
 * const commands = new EventCommandBus(eventBus, { codecs: commandCodecs })
 * const sub = await commands.subscribe(['todo.add_task'])
 * void (async () => { for await (const ctx of sub) await ctx.finish(addTask(ctx.command)) })()
 * const report = await commands.dispatch(newCommand('todo.add_task', { title: 'milk' }), { sync: true })
 * console.log(report.runtimeMs)
 * ```
 * @public
 */
export class EventCommandBus implements CommandBus, AsyncDisposable {
  readonly #bus: EventBus
  readonly #options: ResolvedBusOptions
  readonly #errors: ErrorBuffer
  readonly #dispatcher: Dispatcher
  readonly #subscriptions = new Set<HandlerSubscription>()
  #closed = false

  /** Throws `INVALID_OPTION` for a missing event bus or a bad option. */
  constructor(bus: EventBus, options?: EventCommandBusOptions) {
    const b = bus as Partial<EventBus> | undefined
    if (typeof b?.publish !== 'function' || typeof b.subscribe !== 'function') {
      throw new GoesError(
        'INVALID_OPTION',
        'new EventCommandBus(bus) needs an EventBus (with publish() and subscribe()) as its first argument.',
      )
    }
    this.#bus = bus
    this.#options = resolveBusOptions(options)
    this.#errors = new ErrorBuffer(this.#options.maxBufferedErrors)
    this.#dispatcher = new Dispatcher(bus, this.#options, this.#errors)
  }

  /** The id this bus dispatches under (every protocol message names it). */
  get id(): string {
    return this.#dispatcher.id
  }

  /** Problems on the dispatching side: unreadable answers, answers to unknown commands. */
  get errors(): AsyncIterable<GoesError> {
    return this.#errors
  }

  /** Errors dropped (oldest first) because more than `maxBufferedErrors` were waiting unread. */
  get droppedErrors(): number {
    return this.#errors.dropped
  }

  /**
   * Dispatches a command (see {@link DispatchOptions}). Rejects with the command's typed
   * error (`INVALID_NAME`, `INVALID_UUID`, …), the codec's `UNKNOWN_NAME` / `ENCODE_FAILED`,
   * `NOT_ASSIGNED`, `TIMEOUT`, `ABORTED`, `CLOSED`, or — sync only — the handler's
   * `CommandError`.
   */
  dispatch(command: Command, options?: DispatchOptions): Promise<ExecutionReport> {
    return this.#dispatcher.dispatch(command, options)
  }

  /**
   * Makes this process a handler instance of the given command names. Resolves once the
   * subscription listens. Rejects with `INVALID_NAME`, `ABORTED`, `CLOSED`, or the event bus's
   * error (e.g. a bus without groups in group mode).
   */
  async subscribe(names: readonly string[], options: SignalOptions = {}): Promise<EventCommandSubscription> {
    if (!Array.isArray(names) || names.length === 0) {
      throw new GoesError(
        'INVALID_NAME',
        `EventCommandBus.subscribe() takes a non-empty array of command names, got ${formatValue(names)}. Example: subscribe(['todo.add_task']).`,
      )
    }
    for (const name of names) assertName(name, 'command name to subscribe to')
    const signal = options?.signal
    if (signal?.aborted === true) throw abortError(signal, 'EventCommandBus.subscribe()')
    this.#assertOpen()
    const unique = new Set(names)
    const sub = new HandlerSubscription({
      bus: this.#bus,
      names: unique,
      codecs: this.#options.codecs,
      mode: this.#options.mode,
      maxBufferedErrors: this.#options.maxBufferedErrors,
      signal,
      onClose: (closed) => this.#subscriptions.delete(closed),
    })
    // Group mode: one subscription per name, each in that name's group and taking only that
    // name's commands (every group hears every "dispatched"; its member must not take another
    // name's command, which that name's own group delivers elsewhere).
    const only = this.#options.mode === 'assign' ? [undefined] : [...unique]
    const opened = await Promise.allSettled(
      only.map((name) =>
        name === undefined
          ? this.#bus.subscribe([COMMAND_DISPATCHED, COMMAND_ASSIGNED])
          : this.#bus.subscribe([COMMAND_DISPATCHED], { group: groupOf(name) }),
      ),
    )
    const subs = opened.flatMap((r, i) => (r.status === 'fulfilled' ? [{ sub: r.value, only: only[i] }] : []))
    const failed = opened.find((r) => r.status === 'rejected')
    if (failed !== undefined || this.#closed || isAborted(signal)) {
      await Promise.all([sub.close(), ...subs.map((s) => s.sub.close().catch(() => {}))])
      if (failed !== undefined) throw failed.reason
      if (isAborted(signal)) throw abortError(signal!, 'EventCommandBus.subscribe()')
      this.#assertOpen()
    }
    this.#subscriptions.add(sub)
    sub.start(subs)
    return sub
  }

  /**
   * Closes the bus: waiting dispatches reject with `CLOSED`, every subscription it opened is
   * closed, `errors` ends. Idempotent; the event bus itself stays open.
   */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await Promise.all([this.#dispatcher.close(), ...[...this.#subscriptions].map((s) => s.close())])
    this.#errors.close()
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close()
  }

  #assertOpen(): void {
    if (this.#closed) {
      throw new GoesError('CLOSED', 'This EventCommandBus was closed; create a new one to subscribe to commands.')
    }
  }
}

/** The load-balancing group of one command name's handlers (a valid name of ≤ 256 characters). */
function groupOf(name: string): string {
  const group = `goes.command:${name}`
  if (group.length <= 256) return group
  let hash = 0x811c9dc5 // FNV-1a keeps long names that share a prefix apart
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193)
  return `goes.command:${name.slice(0, 200)}#${(hash >>> 0).toString(16)}`
}
