import type { CodecRegistry } from '../codec/registry.js'
import type { Event } from '../event/event.js'
import { SubscriptionBase } from '../subscription/base.js'
import { readWireMessage, type WireAddressing, WireRejection } from '../subscription/wire-message.js'
import type { Subscription } from './bus.js'
import { EventQueue } from './memory-queue.js'

/**
 * A subscription of a {@link MemoryBus}: the {@link Subscription} contract plus a count of the
 * errors its bounded error buffer had to drop because nobody read them.
 *
 * @example
 * ```ts
 * const sub = await new MemoryBus({ codecs }).subscribe('*')
 * if (sub.droppedErrors > 0) console.warn(`${sub.droppedErrors} bus errors went unread`)
 * ```
 * @public
 */
export interface MemorySubscription extends Subscription {
  /** Errors dropped (oldest first) because more than `maxBufferedErrors` were waiting unread. */
  readonly droppedErrors: number
}

/** What an inbox needs from its bus. @internal */
export interface InboxSettings {
  readonly names: ReadonlySet<string> | undefined // undefined = every name
  readonly group: string | undefined
  readonly highWaterMark: number
  readonly maxBufferedErrors: number
  readonly codecs: CodecRegistry | undefined
  readonly signal: AbortSignal | undefined
  readonly onClose: (inbox: Inbox) => void
}

/**
 * One subscriber's end of a MemoryBus: its own event queue (so a slow reader never delays
 * another) and a bounded error buffer, behind the public {@link MemorySubscription} face.
 *
 * @internal
 */
export class Inbox extends SubscriptionBase implements MemorySubscription {
  readonly names: ReadonlySet<string> | undefined
  readonly group: string | undefined
  readonly #events: EventQueue
  readonly #settings: InboxSettings
  readonly #addressing: WireAddressing | undefined

  constructor(settings: InboxSettings) {
    super(settings)
    this.#settings = settings
    this.names = settings.names
    this.group = settings.group
    this.#events = new EventQueue(settings.highWaterMark, () => {
      void this.close()
    })
    // A memory bus addresses a message by its event's name.
    this.#addressing =
      settings.codecs === undefined
        ? undefined
        : { codecs: settings.codecs, kind: 'event name', addressOf: (name) => name, names: undefined }
  }

  /** Whether a publisher should wait before delivering more (only with a high-water mark). */
  get full(): boolean {
    return this.#events.size >= this.#settings.highWaterMark
  }

  accepts(name: string): boolean {
    return this.names === undefined || this.names.has(name)
  }

  whenWritable(): Promise<void> {
    return this.#events.whenWritable()
  }

  deliver(event: Event): void {
    this.#events.push(event)
  }

  /** Decodes an envelope for this subscriber (its own lazily decoded event) and delivers it. */
  deliverBytes(name: string, bytes: Uint8Array): void {
    if (!this.isOpen) return
    const out = readWireMessage(bytes, name, this.#addressing!)
    if (out instanceof WireRejection) this.report(out.error)
    else if (out !== undefined) this.#events.push(out)
  }

  [Symbol.asyncIterator](): AsyncIterator<Event> {
    return this.#events // its return() (a `break`) closes this subscription
  }

  protected shutdown(): void {
    this.#settings.onClose(this)
    this.#events.end() // pending iterations end; undelivered events are dropped
  }
}
