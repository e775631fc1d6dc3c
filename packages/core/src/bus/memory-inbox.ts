import { decodeEnvelope } from '../codec/envelope.js'
import type { CodecRegistry } from '../codec/registry.js'
import { GoesError, isGoesError } from '../errors/errors.js'
import type { Event } from '../event/event.js'
import { AsyncQueue } from '../stream/queue.js'
import type { BusError, Subscription } from './bus.js'
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
export class Inbox implements MemorySubscription {
  readonly closed: Promise<void>
  readonly names: ReadonlySet<string> | undefined
  readonly group: string | undefined
  readonly #events: EventQueue
  readonly #errors = new AsyncQueue<BusError>()
  readonly #settings: InboxSettings
  #dropped = 0
  #open = true
  #resolveClosed!: () => void
  readonly #onAbort = (): void => {
    void this.close()
  }

  constructor(settings: InboxSettings) {
    this.#settings = settings
    this.names = settings.names
    this.group = settings.group
    this.#events = new EventQueue(settings.highWaterMark, () => {
      void this.close()
    })
    this.closed = new Promise((resolve) => {
      this.#resolveClosed = resolve
    })
    settings.signal?.addEventListener('abort', this.#onAbort, { once: true })
  }

  get errors(): AsyncIterable<BusError> {
    return this.#errors
  }

  get droppedErrors(): number {
    return this.#dropped
  }

  get isOpen(): boolean {
    return this.#open
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
    if (!this.#open) return
    let event: Event
    try {
      event = decodeEnvelope(bytes, this.#settings.codecs!)
    } catch (err) {
      this.report(asBusError(err, name))
      return
    }
    if (event.name !== name) {
      this.report(
        new GoesError(
          'MALFORMED_MESSAGE',
          `A message sent as "${name}" carries an event named "${event.name}"; it was skipped. Publish each envelope under its event's name.`,
        ),
      )
      return
    }
    this.#events.push(event)
  }

  /** Buffers an error for `errors`, dropping the oldest beyond `maxBufferedErrors`. */
  report(err: BusError): void {
    if (!this.#open) return
    if (this.#errors.size >= this.#settings.maxBufferedErrors) {
      this.#errors.shift()
      this.#dropped++
    }
    this.#errors.push(err)
  }

  [Symbol.asyncIterator](): AsyncIterator<Event> {
    return this.#events // its return() (a `break`) closes this subscription
  }

  close(): Promise<void> {
    if (!this.#open) return this.closed
    this.#open = false
    this.#settings.signal?.removeEventListener('abort', this.#onAbort)
    this.#settings.onClose(this)
    this.#events.end() // pending iterations end; undelivered events are dropped
    this.#errors.close() // errors already buffered can still be read
    this.#resolveClosed()
    return this.closed
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close()
  }
}

function asBusError(err: unknown, name: string): BusError {
  if (isGoesError(err)) return err
  return new GoesError(
    'MALFORMED_MESSAGE',
    `A message sent as "${name}" could not be decoded and was skipped: ${String(err)}`,
    { cause: err },
  )
}
