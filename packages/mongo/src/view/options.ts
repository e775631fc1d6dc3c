/**
 * Options of {@link MongoJsonView}.
 *
 * @example
 * ```ts
 * new MongoJsonView(db, store, bus, { collection: 'events_json', batchSize: 200 })
 * ```
 * @public
 */
export interface MongoJsonViewOptions {
  /** The collection of the readable copies (default `goes_events_json`). */
  readonly collection?: string
  /** Events written per round trip while catching up from the store (default 500). */
  readonly batchSize?: number
  /** Unread errors `errors` keeps; beyond that the oldest are dropped and counted (default 1000). */
  readonly maxBufferedErrors?: number
}
