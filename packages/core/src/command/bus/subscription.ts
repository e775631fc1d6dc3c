import type { EventBus, Subscription } from '../../bus/bus.js'
import type { CodecRegistry } from '../../codec/registry.js'
import { asGoesError, GoesError, isGoesError } from '../../errors/errors.js'
import type { Event } from '../../event/event.js'
import { newEvent } from '../../event/factory.js'
import { AsyncQueue } from '../../stream/queue.js'
import { SubscriptionBase } from '../../subscription/base.js'
import { uuid } from '../../uuid/uuid.js'
import type { Command, CommandContext, CommandSubscription } from '../types.js'
import { EventCommandContext, publishExecuted } from './context.js'
import {
  COMMAND_ACCEPTED,
  COMMAND_REQUESTED,
  type CommandDispatchedMessage,
  type CommandHandshakeMessage,
} from './protocol.js'
import { Requests } from './requests.js'
import { forwardErrors, publishOne } from './send.js'
import { readMessage } from './validate.js'

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true })

/**
 * A command subscription of an `EventCommandBus`: the {@link CommandSubscription} contract,
 * plus the id this handler instance goes by in the protocol and a count of dropped errors.
 *
 * @example
 * ```ts
 * const sub = await commands.subscribe(['todo.add_task'])
 * console.log(`handler instance ${sub.handlerId}`)
 * for await (const ctx of sub) await ctx.finish()
 * ```
 * @public
 */
export interface EventCommandSubscription extends CommandSubscription {
  /** The id of this handler instance in the command protocol. */
  readonly handlerId: string
  /** Errors dropped (oldest first) because more than `maxBufferedErrors` were waiting unread. */
  readonly droppedErrors: number
  /** Resolves once the subscription has ended, for whatever reason. */
  readonly closed: Promise<void>
}

/** What a handler subscription needs from its command bus. @internal */
export interface HandlerSettings {
  readonly bus: EventBus
  readonly names: ReadonlySet<string>
  readonly codecs: CodecRegistry
  readonly mode: 'assign' | 'group'
  readonly maxBufferedErrors: number
  /** The subscribe call's signal: its abort closes the subscription. */
  readonly signal: AbortSignal | undefined
  readonly onClose: (sub: HandlerSubscription) => void
}

/**
 * The handling side of an EventCommandBus: one handler instance. It hears "dispatched" (and in
 * assign mode "assigned") on its event bus subscriptions, takes the commands meant for it,
 * decodes their payloads and hands them out as contexts.
 *
 * @internal
 */
export class HandlerSubscription extends SubscriptionBase implements EventCommandSubscription {
  readonly handlerId = uuid()
  readonly #settings: HandlerSettings
  readonly #queue = new AsyncQueue<EventCommandContext>()
  readonly #requests: Requests
  #subs: readonly Subscription[] = []
  #busy = 0 // contexts taken from the protocol and not finished

  constructor(settings: HandlerSettings) {
    super(settings)
    this.#settings = settings
    this.#requests = new Requests((m) => this.#request(m))
  }

  /**
   * Starts listening on the event bus subscriptions opened for this handler instance; one
   * with `only` takes commands of that name only (group mode).
   */
  start(subs: readonly { sub: Subscription; only: string | undefined }[]): void {
    this.#subs = subs.map((s) => s.sub)
    for (const { sub, only } of subs) {
      void this.#pump(sub, only)
      void forwardErrors(sub, this.lifecycle.errors)
    }
  }

  get bus(): EventBus {
    return this.#settings.bus
  }

  finished(): void {
    this.#busy--
  }

  [Symbol.asyncIterator](): AsyncIterator<CommandContext> {
    return {
      next: async () => {
        const r = await this.#queue.next()
        if (r.done !== true) r.value.takenAt = performance.now()
        return r
      },
      return: async () => {
        await this.close()
        return DONE
      },
    }
  }

  /**
   * Stops taking commands. Commands already taken but not handed out are finished with a
   * `CLOSED` error, so their dispatchers learn it now instead of at their timeout; contexts
   * handed out can still be finished.
   */
  protected async shutdown(): Promise<void> {
    this.#settings.onClose(this)
    this.#requests.clear()
    for (let ctx = this.#queue.shift(); ctx !== undefined; ctx = this.#queue.shift()) {
      ctx
        .finish(new GoesError('CLOSED', 'The command subscription was closed before the command was handled.'))
        .catch(() => {}) // the event bus is gone too: the dispatcher's timeout covers it
    }
    this.#queue.close()
    await Promise.all(this.#subs.map((s) => s.close().catch(() => {})))
  }

  async #pump(sub: Subscription, only: string | undefined): Promise<void> {
    try {
      for await (const e of sub) this.#onEvent(e, only)
    } catch (err) {
      this.lifecycle.report(
        asGoesError(err, 'MALFORMED_MESSAGE', 'The event bus subscription of a command handler failed'),
      )
    }
    if (!this.isOpen) return
    this.lifecycle.report(
      new GoesError(
        'CLOSED',
        'The event bus ended a subscription of this command handler; it stopped taking commands.',
      ),
    )
    await this.close()
  }

  #onEvent(e: Event, only: string | undefined): void {
    if (!this.isOpen) return
    let m: ReturnType<typeof readMessage>
    try {
      m = readMessage(e)
    } catch (err) {
      this.lifecycle.report(asGoesError(err, 'MALFORMED_MESSAGE', `A "${e.name}" message was skipped`))
      return
    }
    if (m.kind === 'dispatched') {
      // Only the command's name is read here: payloads of other names are never decoded.
      if (m.mode !== this.#settings.mode) return
      if (only !== undefined ? m.name !== only : !this.#settings.names.has(m.name)) return
      if (m.mode === 'group') {
        if (this.#late(e, m)) return
        this.#take(m)
      } else this.#requests.add(m, this.#busy > 0)
    } else if (m.kind === 'assigned') {
      const request = this.#requests.settle(m.commandId)
      if (m.handlerId !== this.handlerId) return
      if (request === undefined) {
        this.lifecycle.report(
          new GoesError(
            'MALFORMED_MESSAGE',
            `An "assigned" message gives command ${m.commandId} to this handler instance (${this.handlerId}), which did not request it (or no longer waits for it); it was skipped.`,
          ),
        )
        return
      }
      this.#take(request)
    }
  }

  /**
   * Group mode has no handshake, so a "dispatched" that arrives after its dispatcher's assign
   * timeout (held back by a reconnecting client, say) would run although the dispatcher has
   * already reported `NOT_ASSIGNED` — and a caller who retries would run it twice. Such a late
   * command is skipped and reported. Its age is measured against the dispatcher's clock (the
   * event time), so hosts' clocks must agree to well within the assign timeout.
   */
  #late(e: Event, m: CommandDispatchedMessage): boolean {
    const age = Date.now() - e.time.getTime()
    if (age <= m.assignTimeoutMs) return false
    this.lifecycle.report(
      new GoesError(
        'TIMEOUT',
        `Command ${m.commandId} ("${m.name}") arrived ${Math.round(age)} ms after it was dispatched, later than its dispatcher's assign timeout (${m.assignTimeoutMs} ms); it was skipped, as its dispatcher has already given up on it (NOT_ASSIGNED). If this happens without network trouble, check the clocks of the dispatching and handling hosts.`,
      ),
    )
    return true
  }

  #request(m: CommandDispatchedMessage): void {
    if (!this.isOpen) return
    const requested: CommandHandshakeMessage = {
      kind: 'requested',
      commandId: m.commandId,
      dispatcherId: m.dispatcherId,
      handlerId: this.handlerId,
    }
    this.#publish(newEvent(COMMAND_REQUESTED, requested), m)
  }

  /** Decodes the payload of a command this instance got, accepts it and hands it out. */
  #take(m: CommandDispatchedMessage): void {
    let payload: unknown
    try {
      payload = this.#settings.codecs.decode(m.name, m.payload)
    } catch (err) {
      const e = new GoesError(
        isGoesError(err) ? err.code : 'DECODE_FAILED',
        `The payload of command "${m.name}" (${m.commandId}) could not be decoded, so it was not handled: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      )
      this.lifecycle.report(e)
      publishExecuted(this, m, 0, e).catch((pe: unknown) =>
        this.lifecycle.report(asGoesError(pe, 'MALFORMED_MESSAGE', 'Cannot report a failed command')),
      )
      return
    }
    const a = m.aggregate
    const aggregate = a === undefined ? undefined : Object.freeze({ name: a.name, id: a.id })
    const command: Command = Object.freeze({ id: m.commandId, name: m.name, payload, aggregate })
    this.#busy++
    const accepted: CommandHandshakeMessage = {
      kind: 'accepted',
      commandId: m.commandId,
      dispatcherId: m.dispatcherId,
      handlerId: this.handlerId,
    }
    this.#publish(newEvent(COMMAND_ACCEPTED, accepted), m)
    this.#queue.push(new EventCommandContext(this, m, command))
  }

  #publish(event: Event, m: CommandDispatchedMessage): void {
    publishOne(this.#settings.bus, event).catch((err: unknown) => {
      this.lifecycle.report(
        asGoesError(
          err,
          'MALFORMED_MESSAGE',
          `Cannot publish "${event.name}" for command "${m.name}" (${m.commandId})`,
        ),
      )
    })
  }
}
