import type { AggregateRef, Event } from '../event/event.js'
import { nanoToDate } from '../event/time.js'

// How a lazy event is built, and why.
//
// `data` must be an OWN, enumerable accessor: `{ ...e }`, `Object.keys`, `structuredClone`,
// jest's `toEqual` and `eventsEqual` then see it like any other property (reading it decodes).
// A getter on a class prototype is cheaper to create but vanishes from `{ ...e }`, and the
// foreign prototype breaks `deepEqual` against plain events — so no class instance.
//
// Measured on Node 20 (2M events, half of them read): a plain event ~75 ns; an object literal
// with `get data()` ~700 ns (a fresh getter closure per object gives every object its own
// hidden class); `Object.defineProperty` with ONE shared getter ~200 ns. The shared getter keeps
// per-event state in private fields, stamped onto the plain object by the "constructor returns
// another object" idiom (`Stamp`), so the event keeps `Object.prototype` and no visible extra
// property — private fields are invisible to spread, keys, JSON and equality checks.

class Stamp {
  constructor(target: object) {
    // biome-ignore lint/correctness/noConstructorReturn: the point: fields get stamped onto `target`
    return target
  }
}

/**
 * What decodes still-encoded data: a codec registry (or anything with its `decode`). Its
 * identity also tells `encodeEnvelope` whether it may forward the bytes as they are. @internal
 */
export interface DataDecoder {
  decode(name: string, bytes: Uint8Array): unknown
}

const PENDING = 0
const DECODED = 1
const FAILED = 2

// Per-event state of a lazy event decoded from a message: the decoder, the event name and
// where the data sits in the message (no closure, no view of the data until it is decoded —
// three allocations per received event fewer). `lazyEvent()` passes a decode function instead.
class LazyData extends Stamp {
  #state = PENDING
  #value: unknown
  #decode: (() => unknown) | undefined
  #decoder: DataDecoder | undefined
  #name: string
  #bytes: Uint8Array | undefined
  #start: number
  #end: number

  constructor(
    target: object,
    decode: (() => unknown) | undefined,
    decoder: DataDecoder | undefined,
    name: string,
    bytes: Uint8Array | undefined,
    start: number,
    end: number,
  ) {
    super(target)
    this.#decode = decode
    this.#decoder = decoder
    this.#name = name
    this.#bytes = bytes
    this.#start = start
    this.#end = end
  }

  /** The object holding the state: `target`, or the lazy event it inherits from (Object.create). */
  static #owner(target: object): LazyData | undefined {
    let t: object | null = target
    while (t !== null && !(#state in t)) t = Object.getPrototypeOf(t)
    return t === null ? undefined : (t as LazyData)
  }

  static read(target: object): unknown {
    const self = LazyData.#owner(target)
    if (self === undefined) return undefined // the getter was copied onto a foreign object
    if (self.#state === DECODED) return self.#value
    if (self.#state === FAILED) throw self.#value
    try {
      self.#value =
        self.#decode !== undefined
          ? self.#decode()
          : self.#decoder!.decode(self.#name, self.#bytes!.subarray(self.#start, self.#end))
      self.#state = DECODED
    } catch (err) {
      // Cache the failure: reading again rethrows the same error without a second attempt.
      self.#value = err
      self.#state = FAILED
      throw err
    } finally {
      self.#decode = undefined // let the encoded bytes go
      self.#decoder = undefined
      self.#bytes = undefined
    }
    return self.#value
  }

  /** The still-encoded data bytes, if `decoder` is the one that would decode them. */
  static pendingBytes(target: object, decoder: object): Uint8Array | undefined {
    const self = LazyData.#owner(target)
    if (self === undefined || self.#decoder !== decoder || self.#state !== PENDING) return undefined
    return self.#bytes!.subarray(self.#start, self.#end)
  }

  static isDecoded(target: object): boolean {
    const self = LazyData.#owner(target)
    return self === undefined || self.#state !== PENDING
  }
}

const DATA: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: object) {
    return LazyData.read(this)
  },
}

/**
 * The fields of a lazily decoded event: everything but `data` (and `time`, derived).
 *
 * @example
 * ```ts
 * const fields: LazyEventFields = { id: uuid(), name: 'todo.task_added', timeNano: nowNano() }
 * ```
 * @public
 */
export interface LazyEventFields {
  readonly id: string
  readonly name: string
  readonly timeNano: bigint
  readonly aggregate?: AggregateRef | undefined
}

/**
 * Creates an event whose `data` is decoded the first time it is read, and at most once: the
 * value is cached; a decode error is cached too and rethrown on every read. `time` is derived
 * from `timeNano`. Buses use it so that subscribers that never read `data` never pay for it.
 *
 * It behaves like a plain event: same keys in the same order, `Object.prototype`, and `{ ...e }`,
 * `eventsEqual`, `toEqual` work (they read, hence decode, `data`). `JSON.stringify(e)` throws a
 * `TypeError` for the bigint `timeNano` — exactly as for a plain event; pass a replacer
 * (`(k, v) => typeof v === 'bigint' ? String(v) : v`) or send events with `encodeEnvelope`.
 * No fields are validated: callers pass already validated values.
 *
 * @example
 * ```ts
 * const e = lazyEvent({ id, name: 'todo.task_added', timeNano }, () => codecs.decode('todo.task_added', bytes))
 * isDataDecoded(e) // false
 * e.data // decodes now
 * ```
 * @public
 */
export function lazyEvent(fields: LazyEventFields, decode: () => unknown): Event {
  // Built in the same key order as newEvent() creates, so both share a shape up to `data`.
  const e = { id: fields.id, name: fields.name, time: nanoToDate(fields.timeNano), timeNano: fields.timeNano }
  Object.defineProperty(e, 'data', DATA)
  ;(e as { aggregate?: AggregateRef | undefined }).aggregate = fields.aggregate
  new LazyData(e, decode, undefined, fields.name, undefined, 0, 0)
  return e as Event
}

/**
 * A lazy event whose data is `bytes[start, end)`, decoded by `decoder` under `name` when first
 * read. Fields are the caller's, already validated; `time` is passed, not derived, so a reader
 * that has the milliseconds at hand skips a bigint division. @internal
 */
export function lazyEncodedEvent(
  id: string,
  name: string,
  time: Date,
  timeNano: bigint,
  aggregate: AggregateRef | undefined,
  decoder: DataDecoder,
  bytes: Uint8Array,
  start: number,
  end: number,
): Event {
  const e = { id, name, time, timeNano }
  Object.defineProperty(e, 'data', DATA)
  ;(e as { aggregate?: AggregateRef | undefined }).aggregate = aggregate
  new LazyData(e, undefined, decoder, name, bytes, start, end)
  return e as Event
}

/**
 * Reports whether the data of `event` is available without decoding: false for a
 * {@link lazyEvent} whose `data` was never read, true once it was read (even if decoding
 * failed) and for every plain event.
 *
 * @example
 * ```ts
 * for await (const e of subscription) if (!isDataDecoded(e)) skipped++
 * ```
 * @public
 */
export function isDataDecoded(event: Event): boolean {
  return LazyData.isDecoded(event)
}

/** The encoded data of `event` if it was never decoded and `codecs` would decode it. @internal */
export function pendingBytes(event: Event, codecs: object): Uint8Array | undefined {
  return LazyData.pendingBytes(event, codecs)
}
