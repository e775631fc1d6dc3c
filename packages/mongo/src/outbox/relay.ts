import { type EventBus, GoesError, type SignalOptions, uuid } from '@goes/core'
import { abortError, asGoesError, SubscriptionLifecycle } from '@goes/core/backend'
import type { ChangeStream } from 'mongodb'
import { Claims } from './claims.js'
import { type OutboxRelayOptions, type RelaySettings, relaySettings } from './options.js'
import { publishUnpublished, type RoundContext } from './round.js'
import { type OutboxSource, type OutboxStoreLike, outboxSource } from './source.js'

/**
 * Publishes the events an outbox store inserted, even when the process that inserted them
 * died before publishing. Polls for visible, unpublished events (never a partial batch),
 * publishes each aggregate's events in version order on `bus`, then marks them published.
 *
 * Any number of relays may run, in any processes: a relay publishes an aggregate's events only
 * under a lease taken by a unique-index insert, so one relay at a time does; a dead relay's
 * lease is taken over after `claimTtlMs`. Delivery is at least once: when a relay dies after
 * publishing but before marking, the relay taking over publishes those events again. Where
 * the server has change streams, the relay also wakes on new inserts.
 *
 * @example
 * ```ts
 * const store = new MongoStore(db, { outbox: true })
 * const relay = new OutboxRelay(store, bus)
 * await relay.start()
 * // … events inserted by any process are published on `bus` …
 * await relay.close()
 * ```
 * @public
 */
export class OutboxRelay implements AsyncDisposable {
  readonly #source: OutboxSource
  readonly #settings: RelaySettings
  readonly #claims: Claims
  readonly #round: RoundContext
  readonly #life: SubscriptionLifecycle
  readonly #stop = new AbortController()
  #loop: Promise<void> | undefined
  #starting: Promise<void> | undefined
  #watch: ChangeStream | undefined
  #wakesOn: 'poll' | 'change-stream' | undefined
  #woken = false
  #wakeUp: (() => void) | undefined

  constructor(store: OutboxStoreLike, bus: EventBus, options?: OutboxRelayOptions) {
    this.#settings = relaySettings(options)
    this.#life = new SubscriptionLifecycle({ maxBufferedErrors: this.#settings.maxBufferedErrors })
    this.#source = outboxSource(store)
    const claims = this.#settings.claimsCollection ?? `${this.#source.events.collectionName}_outbox_claims`
    this.#claims = new Claims(this.#source.events.db, claims, this.#settings.claimTtlMs, uuid())
    this.#round = { source: this.#source, claims: this.#claims, bus, settings: this.#settings }
  }

  /**
   * Failures of the relay's rounds (it retries after `pollMs`); reading them is optional.
   *
   * @example
   * ```ts
   * void (async () => { for await (const err of relay.errors) console.warn(err.code, err.message) })()
   * ```
   */
  get errors(): AsyncIterable<GoesError> {
    return this.#life.errors
  }

  /** Errors dropped from `errors` (oldest first) because `maxBufferedErrors` were waiting unread. */
  get droppedErrors(): number {
    return this.#life.droppedErrors
  }

  /**
   * How the running relay learns of new events: `'change-stream'` (and polls), or `'poll'`
   * only; undefined before `start()`.
   *
   * @example
   * ```ts
   * await relay.start()
   * console.log(relay.wakesOn) // 'poll' on FerretDB, 'change-stream' on a replica set
   * ```
   */
  get wakesOn(): 'poll' | 'change-stream' | undefined {
    return this.#wakesOn
  }

  /**
   * Starts publishing in the background; resolves once running. Idempotent.
   *
   * @example
   * ```ts
   * await relay.start()
   * ```
   */
  start(options?: SignalOptions): Promise<void> {
    if (!this.#life.isOpen) return Promise.reject(closedError())
    this.#starting ??= this.#begin(options?.signal)
    return this.#starting
  }

  /**
   * Makes a running relay poll now (an outbox store calls it after each insert).
   *
   * @example
   * ```ts
   * await plainStore.insert(events) // inserted without outboxStore()
   * relay.wake()
   * ```
   */
  wake(): void {
    this.#woken = true
    this.#wakeUp?.()
  }

  /**
   * One round: publishes what is unpublished and not leased by another relay now. Resolves
   * with the number of events this call published. For tests and one-shot jobs; `start()`
   * runs rounds in a loop.
   *
   * @example
   * ```ts
   * const n = await relay.runOnce()
   * ```
   */
  runOnce(options?: SignalOptions): Promise<number> {
    return publishUnpublished(this.#round, options?.signal)
  }

  /**
   * Stops the relay (a round in progress is aborted; its lease expires or is released);
   * idempotent. The store and its client stay open.
   *
   * @example
   * ```ts
   * await relay.close()
   * ```
   */
  close(): Promise<void> {
    return this.#life.close(async () => {
      this.#stop.abort(closedError())
      this.#wakeUp?.()
      await this.#watch?.close().catch(() => undefined)
      await this.#starting?.catch(() => undefined)
      await this.#loop
    })
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close()
  }

  async #begin(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) throw abortError(signal, 'OutboxRelay.start()')
    this.#wakesOn = 'poll'
    if (this.#settings.wake === 'auto' && (await this.#hasChangeStreams(signal))) {
      try {
        const watch = this.#source.events.watch([{ $match: { operationType: 'insert' } }])
        watch.on('change', () => this.wake())
        watch.on('error', (err) => {
          this.#report(err, 'its change stream failed; it keeps polling')
          this.#wakesOn = 'poll'
        })
        this.#watch = watch
        this.#wakesOn = 'change-stream'
      } catch (err) {
        this.#report(err, 'it could not open a change stream; it polls instead')
      }
    }
    if (!this.#life.isOpen) throw closedError()
    this.#loop = this.#run()
  }

  // Asks the server once; when it cannot be asked, the relay polls (and says why on errors).
  async #hasChangeStreams(signal: AbortSignal | undefined): Promise<boolean> {
    try {
      return await this.#source.changeStreams(signal)
    } catch (err) {
      if (signal?.aborted) throw abortError(signal, 'OutboxRelay.start()')
      this.#report(err, 'it could not ask the server for change streams; it polls')
      return false
    }
  }

  async #run(): Promise<void> {
    const signal = this.#stop.signal
    let pruned = 0
    while (!signal.aborted) {
      let published = 0
      try {
        published = await this.runOnce({ signal })
        if (Date.now() - pruned > this.#settings.claimTtlMs) {
          pruned = Date.now()
          await this.#claims.prune(10 * this.#settings.claimTtlMs, signal)
        }
      } catch (err) {
        if (signal.aborted) break
        this.#report(err, `a round failed; it tries again in ${this.#settings.pollMs} ms`)
      }
      if (published === 0) await this.#idle()
    }
  }

  // Waits `pollMs`, or less when woken or closed.
  async #idle(): Promise<void> {
    if (this.#woken || !this.#life.isOpen) {
      this.#woken = false
      return
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.#settings.pollMs)
      function done(): void {
        clearTimeout(timer)
        resolve()
      }
      this.#wakeUp = done
    })
    this.#wakeUp = undefined
    this.#woken = false
  }

  #report(err: unknown, what: string): void {
    this.#life.report(asGoesError(err, 'HANDLER_FAILED', `The outbox relay: ${what}`))
  }
}

function closedError(): GoesError<'CLOSED'> {
  return new GoesError('CLOSED', 'The outbox relay is closed. Create a new OutboxRelay to publish again.')
}
