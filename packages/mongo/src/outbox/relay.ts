import { type EventBus, GoesError, type SignalOptions, uuid } from '@goes/core'
import type { ChangeStream } from 'mongodb'
import { aborted, ErrorStream } from '../model/driver.js'
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
  readonly #errors = new ErrorStream('The outbox relay')
  readonly #stop = new AbortController()
  #loop: Promise<void> | undefined
  #starting: Promise<void> | undefined
  #watch: ChangeStream | undefined
  #wakesOn: 'poll' | 'change-stream' | undefined
  #woken = false
  #wakeUp: (() => void) | undefined
  #closed = false

  constructor(store: OutboxStoreLike, bus: EventBus, options?: OutboxRelayOptions) {
    this.#settings = relaySettings(options)
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
    return this.#errors.queue
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
    if (this.#closed) return Promise.reject(closedError())
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
  async close(): Promise<void> {
    if (this.#closed) return this.#loop
    this.#closed = true
    this.#stop.abort(closedError())
    this.#wakeUp?.()
    await this.#watch?.close().catch(() => undefined)
    await this.#starting?.catch(() => undefined)
    await this.#loop
    this.#errors.queue.close()
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close()
  }

  async #begin(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) throw aborted(signal, 'OutboxRelay.start()')
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
    if (this.#closed) throw closedError()
    this.#loop = this.#run()
  }

  // Asks the server once; when it cannot be asked, the relay polls (and says why on errors).
  async #hasChangeStreams(signal: AbortSignal | undefined): Promise<boolean> {
    try {
      return await this.#source.changeStreams(signal)
    } catch (err) {
      if (signal?.aborted) throw aborted(signal, 'OutboxRelay.start()')
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
    if (this.#woken || this.#closed) {
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
    this.#errors.report(err, what)
  }
}

function closedError(): GoesError<'CLOSED'> {
  return new GoesError('CLOSED', 'The outbox relay is closed. Create a new OutboxRelay to publish again.')
}
