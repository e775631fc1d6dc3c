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
 * Where still-encoded data came from: the registry that will decode it and its bytes. Lets
 * `encodeEnvelope` forward an event whose data was never read without decoding it. @internal
 */
export interface EncodedSource {
  readonly codecs: object
  readonly bytes: Uint8Array
}

const PENDING = 0
const DECODED = 1
const FAILED = 2

class LazyData extends Stamp {
  #state = PENDING
  #value: unknown
  #decode: (() => unknown) | undefined
  #source: EncodedSource | undefined

  constructor(target: object, decode: () => unknown, source: EncodedSource | undefined) {
    super(target)
    this.#decode = decode
    this.#source = source
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
      self.#value = self.#decode!()
      self.#state = DECODED
    } catch (err) {
      // Cache the failure: reading again rethrows the same error without a second attempt.
      self.#value = err
      self.#state = FAILED
      throw err
    } finally {
      self.#decode = undefined // let the encoded bytes go
      self.#source = undefined
    }
    return self.#value
  }

  static pendingSource(target: object): EncodedSource | undefined {
    const self = LazyData.#owner(target)
    return self === undefined ? undefined : self.#source
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
  return lazyEventFrom(fields, decode, undefined)
}

/** {@link lazyEvent} that also remembers the encoded source of its data. @internal */
export function lazyEventFrom(
  fields: LazyEventFields,
  decode: () => unknown,
  source: EncodedSource | undefined,
): Event {
  // Built in the same key order as newEvent() creates, so both share a shape up to `data`.
  const e = { id: fields.id, name: fields.name, time: nanoToDate(fields.timeNano), timeNano: fields.timeNano }
  Object.defineProperty(e, 'data', DATA)
  ;(e as { aggregate?: AggregateRef | undefined }).aggregate = fields.aggregate
  new LazyData(e, decode, source)
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
  const source = LazyData.pendingSource(event)
  return source !== undefined && source.codecs === codecs ? source.bytes : undefined
}
