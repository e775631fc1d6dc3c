import type { EventBus, Subscription } from '../../bus/bus.js'
import { abortError, GoesError, isGoesError } from '../../errors/errors.js'
import type { Event } from '../../event/event.js'
import { newEvent } from '../../event/factory.js'
import { uuid } from '../../uuid/uuid.js'
import { assertCommand } from '../command.js'
import type { Command, DispatchOptions, ExecutionReport } from '../types.js'
import type { ErrorStream } from './error-stream.js'
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
  readonly #errors: ErrorStream
  readonly #pending = new Map<string, Pending>()
  readonly #recent = new RecentIds(16_384)
  #sub: Subscription | undefined
  #subscribing: Promise<Subscription> | undefined
  #closed = false

  constructor(bus: EventBus, options: ResolvedBusOptions, errors: ErrorStream) {
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
        p.assignTimer = setTimeout(() => this.#notAssigned(p, d.assignTimeoutMs), d.assignTimeoutMs)
      }
      if (d.sync && d.timeoutMs !== Number.POSITIVE_INFINITY) {
        p.timeoutTimer = setTimeout(() => this.#timedOut(p, d.timeoutMs), d.timeoutMs)
      }
      if (signal !== undefined) {
        p.onAbort = () => this.#settle(p, abortError(signal, `EventCommandBus.dispatch() of "${command.name}"`))
        signal.addEventListener('abort', p.onAbort, { once: true })
      }
      const send = (): void => {
        if (this.#pending.get(command.id) !== p) return // settled meanwhile (aborted, closed)
        this.#bus.publish([newEvent(COMMAND_DISPATCHED, message)]).catch((err: unknown) => {
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
        void this.#pumpErrors(sub)
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
      this.#errors.report(err, 'The command bus subscription of a dispatcher failed')
    }
    if (this.#sub !== sub || this.#closed) return
    // The event bus ended the subscription: nothing can answer the waiting dispatches any more.
    this.#sub = undefined
    this.#failAll('The event bus ended the subscription of the command bus. Dispatch the command again.')
  }

  async #pumpErrors(sub: Subscription): Promise<void> {
    for await (const err of sub.errors) this.#errors.report(err, 'A command protocol message was skipped')
  }

  #onEvent(e: Event): void {
    let m: ReturnType<typeof readMessage>
    try {
      m = readMessage(e)
    } catch (err) {
      this.#errors.report(err, `A "${e.name}" message was skipped`)
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
          '',
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
    this.#bus.publish([newEvent(COMMAND_ASSIGNED, assigned)]).catch((err: unknown) => {
      this.#settle(p, publishError(err, p.command))
    })
  }

  #notAssigned(p: Pending, ms: number): void {
    if (p.state === ACCEPTED) return
    const { name, id } = p.command
    this.#settle(
      p,
      new GoesError(
        'NOT_ASSIGNED',
        `No handler accepted command "${name}" (${id}) within ${ms} ms. Subscribe a handler to "${name}" on this event bus (with the same command bus mode, '${this.#options.mode}'), or raise assignTimeoutMs.`,
      ),
    )
  }

  #timedOut(p: Pending, ms: number): void {
    const { name, id } = p.command
    this.#settle(
      p,
      new GoesError(
        'TIMEOUT',
        `Command "${name}" (${id}) was not executed within ${ms} ms${p.state === ACCEPTED ? ': a handler accepted it but did not finish it in time' : ''}. Raise timeoutMs, or make the handler of "${name}" call finish().`,
      ),
    )
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
      this.#settle(p, new GoesError('CLOSED', `${message} (command "${p.command.name}", ${p.command.id})`))
    }
  }
}

/** A failed publish, with a hint when the event bus's codecs lack the protocol names. */
function publishError(err: unknown, command: Pick<Command, 'id' | 'name'>): unknown {
  if (!isGoesError(err, 'UNKNOWN_NAME')) return err
  return new GoesError(
    'UNKNOWN_NAME',
    `Cannot send command "${command.name}" (${command.id}): the event bus has no codec for the command protocol. Call registerCommandProtocol(codecs) on the CodecRegistry of the event bus.`,
    { cause: err },
  )
}

/** Whether `signal` has fired (a function, so the check after an `await` is not narrowed away). */
export function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true
}
