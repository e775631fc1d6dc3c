import type { EventBus, Subscription } from '../../bus/bus.js'
import { abortError, asGoesError, GoesError } from '../../errors/errors.js'
import type { Event } from '../../event/event.js'
import { newEvent } from '../../event/factory.js'
import type { ErrorBuffer } from '../../subscription/error-buffer.js'
import { uuid } from '../../uuid/uuid.js'
import { assertCommand } from '../command.js'
import type { Command, DispatchOptions, ExecutionReport } from '../types.js'
import { closedError, notAssignedError, publishError, timeoutError } from './dispatch-errors.js'
import { type ResolvedBusOptions, resolveDispatch } from './options.js'
import { ACCEPTED, ASSIGNED, DISPATCHED, type Pending, RecentIds, release, reportCommand } from './pending.js'
import {
  COMMAND_ACCEPTED,
  COMMAND_ASSIGNED,
  COMMAND_DISPATCHED,
  COMMAND_EXECUTED,
  COMMAND_REQUESTED,
  type CommandDispatchedMessage,
  type CommandHandshakeMessage,
} from './protocol.js'
import { forwardErrors, publishOne } from './send.js'
import { readMessage } from './validate.js'
import { errorFromWire } from './wire-error.js'

/**
 * The dispatching side of an EventCommandBus: publishes "dispatched", assigns the first
 * requester, and settles each dispatch on "accepted" / "executed" or a timeout. Its event bus
 * subscription is opened on the first dispatch.
 *
 * @internal
 */
export class Dispatcher {
  readonly id = uuid()
  readonly #bus: EventBus
  readonly #options: ResolvedBusOptions
  readonly #errors: ErrorBuffer
  readonly #pending = new Map<string, Pending>()
  readonly #recent = new RecentIds(16_384)
  #sub: Subscription | undefined
  #subscribing: Promise<Subscription> | undefined
  #closed = false

  constructor(bus: EventBus, options: ResolvedBusOptions, errors: ErrorBuffer) {
    this.#bus = bus
    this.#options = options
    this.#errors = errors
  }

  async dispatch(command: Command, options?: DispatchOptions): Promise<ExecutionReport> {
    assertCommand(command)
    const d = resolveDispatch(options, this.#options)
    const signal = options?.signal
    if (signal?.aborted === true) throw abortError(signal, 'EventCommandBus.dispatch()')
    this.#assertOpen()
    if (this.#pending.has(command.id)) {
      throw new GoesError(
        'INVALID_STATE',
        `Command "${command.name}" (${command.id}) is already being dispatched. Create a new command with newCommand() for every dispatch.`,
      )
    }
    const payload = this.#options.codecs.encode(command.name, command.payload)
    const message: CommandDispatchedMessage = {
      kind: 'dispatched',
      commandId: command.id,
      dispatcherId: this.id,
      name: command.name,
      aggregate:
        command.aggregate === undefined ? undefined : { name: command.aggregate.name, id: command.aggregate.id },
      payload,
      sync: d.sync,
      mode: this.#options.mode,
      assignTimeoutMs: d.assignTimeoutMs,
    }
    return new Promise<ExecutionReport>((resolve, reject) => {
      // Registered at once (before the first dispatch's subscribe), so that the same command
      // dispatched twice in a row is refused above, and close() can fail it.
      const p: Pending = {
        command: reportCommand(command),
        sync: d.sync,
        state: DISPATCHED,
        resolve,
        reject,
        assignTimer: undefined,
        timeoutTimer: undefined,
        signal,
        onAbort: undefined,
      }
      this.#recent.delete(command.id) // dispatched again after an earlier dispatch settled
      this.#pending.set(command.id, p)
      if (d.assignTimeoutMs !== Number.POSITIVE_INFINITY) {
        const ms = d.assignTimeoutMs
        p.assignTimer = setTimeout(() => {
          if (p.state !== ACCEPTED) this.#settle(p, notAssignedError(p.command, ms, this.#options.mode))
        }, ms)
      }
      if (d.sync && d.timeoutMs !== Number.POSITIVE_INFINITY) {
        const ms = d.timeoutMs
        p.timeoutTimer = setTimeout(() => this.#settle(p, timeoutError(p.command, ms, p.state === ACCEPTED)), ms)
      }
      if (signal !== undefined) {
        p.onAbort = () => this.#settle(p, abortError(signal, `EventCommandBus.dispatch() of "${command.name}"`))
        signal.addEventListener('abort', p.onAbort, { once: true })
      }
      const send = (): void => {
        if (this.#pending.get(command.id) !== p) return // settled meanwhile (aborted, closed)
        publishOne(this.#bus, newEvent(COMMAND_DISPATCHED, message)).catch((err: unknown) => {
          this.#settle(p, publishError(err, command))
        })
      }
      if (this.#sub !== undefined) send()
      else this.#subscribe().then(send, (err: unknown) => this.#settle(p, err))
    })
  }

  /** Rejects every waiting dispatch with `CLOSED` and stops listening. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#failAll('The command bus was closed before the command was answered.')
    const sub = this.#sub ?? (await this.#subscribing?.catch(() => undefined))
    this.#sub = undefined
    await sub?.close()
  }

  #assertOpen(): void {
    if (this.#closed) {
      throw new GoesError('CLOSED', 'This EventCommandBus was closed; create a new one to dispatch commands.')
    }
  }

  /** Opens the event bus subscription once; concurrent first dispatches share it. */
  async #subscribe(): Promise<void> {
    this.#subscribing ??= this.#bus
      .subscribe(
        this.#options.mode === 'assign'
          ? [COMMAND_REQUESTED, COMMAND_ACCEPTED, COMMAND_EXECUTED]
          : [COMMAND_ACCEPTED, COMMAND_EXECUTED],
      )
      .then((sub) => {
        if (this.#closed) {
          void sub.close()
          return sub
        }
        this.#sub = sub
        void this.#pump(sub)
        void forwardErrors(sub, this.#errors)
        return sub
      })
      .finally(() => {
        this.#subscribing = undefined
      })
    await this.#subscribing
  }

  async #pump(sub: Subscription): Promise<void> {
    try {
      for await (const e of sub) this.#onEvent(e)
    } catch (err) {
      this.#errors.report(asGoesError(err, 'MALFORMED_MESSAGE', 'The command bus subscription of a dispatcher failed'))
    }
    if (this.#sub !== sub || this.#closed) return
    // The event bus ended the subscription: nothing can answer the waiting dispatches any more.
    this.#sub = undefined
    this.#failAll('The event bus ended the subscription of the command bus. Dispatch the command again.')
  }

  #onEvent(e: Event): void {
    let m: ReturnType<typeof readMessage>
    try {
      m = readMessage(e)
    } catch (err) {
      this.#errors.report(asGoesError(err, 'MALFORMED_MESSAGE', `A "${e.name}" message was skipped`))
      return
    }
    if (m.dispatcherId !== this.id || m.kind === 'dispatched' || m.kind === 'assigned') return
    const p = this.#pending.get(m.commandId)
    if (p === undefined) {
      if (!this.#recent.has(m.commandId)) {
        this.#errors.report(
          new GoesError(
            'MALFORMED_MESSAGE',
            `A "${e.name}" message names command ${m.commandId}, which this dispatcher (${this.id}) never dispatched; it was skipped.`,
          ),
        )
      }
      return
    }
    if (m.kind === 'requested') this.#assign(p, m)
    else if (m.kind === 'accepted') {
      if (p.state === ACCEPTED) return
      p.state = ACCEPTED
      if (p.assignTimer !== undefined) clearTimeout(p.assignTimer)
      p.assignTimer = undefined
      if (!p.sync) this.#settle(p, undefined)
    } else if (m.kind === 'executed') {
      if (m.error !== undefined) this.#settle(p, errorFromWire(m.error, p.command))
      else this.#settle(p, undefined, m.runtimeMs)
    }
  }

  /** Assigns the command to the first handler instance that requested it. */
  #assign(p: Pending, m: CommandHandshakeMessage): void {
    if (p.state !== DISPATCHED || this.#options.mode !== 'assign') return
    p.state = ASSIGNED
    const assigned: CommandHandshakeMessage = { ...m, kind: 'assigned' }
    publishOne(this.#bus, newEvent(COMMAND_ASSIGNED, assigned)).catch((err: unknown) => {
      this.#settle(p, publishError(err, p.command))
    })
  }

  /** Settles a dispatch once: rejects with `error`, or resolves with its report. */
  #settle(p: Pending, error: unknown, runtimeMs?: number): void {
    if (this.#pending.get(p.command.id) !== p) return
    this.#pending.delete(p.command.id)
    this.#recent.add(p.command.id)
    release(p)
    if (error !== undefined) p.reject(error)
    else p.resolve(runtimeMs === undefined ? { command: p.command } : { command: p.command, runtimeMs })
  }

  #failAll(message: string): void {
    for (const p of [...this.#pending.values()]) {
      this.#settle(p, closedError(message, p.command))
    }
  }
}
