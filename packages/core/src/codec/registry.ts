import type { StandardSchemaV1 } from '@standard-schema/spec'
import { GoesError, isGoesError } from '../errors/errors.js'
import type { EventMap } from '../event/event.js'
import { assertName } from '../event/validate.js'
import type { Codec } from './codec.js'
import { jsonCodec } from './json.js'
import type { CodecRegistration, CodecRegistrations, CodecRegistryOptions } from './registration.js'
import { validateSync } from './schema.js'

interface Entry {
  codec: Codec<unknown>
  schema: StandardSchemaV1<unknown, unknown> | undefined
}

const JSON_ENTRY: Entry = { codec: jsonCodec, schema: undefined }

/**
 * Encodes and decodes data by name — one registry serves events and command payloads.
 *
 * Strict by default: a name that was never registered cannot be encoded or decoded, so a typo
 * or a missing registration fails loudly instead of passing unchecked data along.
 *
 * @example
 * ```ts
 * const codecs = new CodecRegistry()
 *   .register('todo.task_added', { schema: z.object({ title: z.string() }) })
 *   .register('todo.task_removed')
 * const bytes = codecs.encode('todo.task_added', { title: 'milk' })
 * codecs.decode('todo.task_added', bytes) // { title: 'milk' }, validated
 * ```
 * @public
 */
export class CodecRegistry {
  /** What this registry does with names that were never registered. */
  readonly unknownNames: 'error' | 'json'
  readonly #entries = new Map<string, Entry>()

  constructor(options: CodecRegistryOptions = {}) {
    const mode = options.unknownNames ?? 'error'
    if (mode !== 'error' && mode !== 'json') {
      throw new GoesError(
        'INVALID_OPTION',
        `The CodecRegistry option unknownNames must be 'error' or 'json', got ${JSON.stringify(mode)}. Leave it out for 'error'.`,
      )
    }
    this.unknownNames = mode
  }

  /**
   * Registers how data of `name` is encoded (JSON unless `codec` is given) and validated
   * (only if `schema` is given). Registering a name again replaces its registration.
   */
  register<T>(name: string, registration: CodecRegistration<T> = {}): this {
    assertName(name, 'codec name')
    const codec = (registration.codec ?? jsonCodec) as Codec<unknown>
    this.#entries.set(name, { codec, schema: registration.schema })
    return this
  }

  /**
   * Registers every name of an event (or command) map in one call, typed by the map.
   *
   * @example
   * ```ts
   * type TodoEvents = { 'todo.task_added': { title: string }; 'todo.task_removed': { title: string } }
   * codecs.registerAll<TodoEvents>({
   *   'todo.task_added': { schema: z.object({ title: z.string() }) },
   *   'todo.task_removed': {}, // JSON, no validation
   * })
   * ```
   */
  registerAll<M extends EventMap>(registrations: CodecRegistrations<M>): this {
    for (const name of Object.keys(registrations)) this.register(name, registrations[name]!)
    return this
  }

  /** Reports whether `name` was registered (a `'json'` registry still decodes other names). */
  has(name: string): boolean {
    return this.#entries.has(name)
  }

  /** Encodes the data of `name`. Throws `UNKNOWN_NAME` or `ENCODE_FAILED` (the codec's error as cause). */
  encode(name: string, data: unknown): Uint8Array {
    const entry = this.#entry(name, 'encode')
    try {
      return entry.codec.encode(data)
    } catch (err) {
      throw new GoesError('ENCODE_FAILED', `Cannot encode the data of "${name}": ${messageOf(err)}`, { cause: err })
    }
  }

  /**
   * Decodes the data of `name`, then validates it if a schema is registered and returns the
   * schema's output. Throws `UNKNOWN_NAME`, `DECODE_FAILED` (the codec's error as cause) or
   * `VALIDATION_FAILED`.
   */
  decode(name: string, bytes: Uint8Array): unknown {
    const entry = this.#entry(name, 'decode')
    let data: unknown
    try {
      data = entry.codec.decode(bytes)
    } catch (err) {
      throw new GoesError('DECODE_FAILED', `Cannot decode the data of "${name}": ${messageOf(err)}`, { cause: err })
    }
    return entry.schema === undefined ? data : validateSync(entry.schema, name, data)
  }

  /**
   * Reports whether data of `name` is encoded by the default {@link jsonCodec} — registered
   * without a `codec` (or with `jsonCodec` itself), or unregistered in a `'json'` registry.
   * Storage backends use it to keep such data in a readable native form (a BSON object in
   * MongoDB) instead of opaque bytes; they then call {@link CodecRegistry.validate} on read.
   *
   * @example
   * ```ts
   * const doc = codecs.isJson(e.name) ? { data: e.data } : { bytes: codecs.encode(e.name, e.data) }
   * ```
   */
  isJson(name: string): boolean {
    const entry = this.#entries.get(name)
    if (entry !== undefined) return entry.codec === jsonCodec
    return this.unknownNames === 'json'
  }

  /**
   * Validates already-decoded data of `name` as {@link CodecRegistry.decode} does after its
   * codec: runs the registered schema, if any, and returns its output (the data itself without
   * a schema). Throws `UNKNOWN_NAME` for an unregistered name in a strict registry, or
   * `VALIDATION_FAILED`.
   *
   * @example
   * ```ts
   * const data = codecs.validate('todo.task_added', doc.data) // as if decoded from JSON bytes
   * ```
   */
  validate(name: string, data: unknown): unknown {
    const entry = this.#entry(name, 'validate')
    return entry.schema === undefined ? data : validateSync(entry.schema, name, data)
  }

  #entry(name: string, action: string): Entry {
    const entry = this.#entries.get(name)
    if (entry !== undefined) return entry
    if (this.unknownNames === 'json') return JSON_ENTRY
    throw new GoesError(
      'UNKNOWN_NAME',
      `Cannot ${action} data of ${JSON.stringify(name)}: no codec is registered for it. Register it with codecs.register('${name}'), or create the registry with { unknownNames: 'json' }.`,
    )
  }
}

function messageOf(err: unknown): string {
  if (isGoesError(err)) return err.message
  const text = err instanceof Error ? err.message : String(err)
  return `${text}. Check the codec registered for this name.`
}
