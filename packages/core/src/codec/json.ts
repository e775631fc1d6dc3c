import { GoesError } from '../errors/errors.js'
import type { Codec } from './codec.js'
import { explain, isPlainJson } from './json-check.js'
import { copyBytes } from './pool.js'

const encoder = new TextEncoder()
// fatal: bytes that are not valid UTF-8 are an error, not silently replaced by U+FFFD.
const decoder = new TextDecoder('utf-8', { fatal: true })
const EMPTY = new Uint8Array(0)
// TextEncoder.encode() allocates a fresh ArrayBuffer, ~1 µs on Node 20 whatever the size;
// encodeInto() a reused buffer plus a copy into the shared slab (see pool.ts) measured ~10×
// faster for typical event data. Large texts use encode().
const scratch = new Uint8Array(64 * 1024)

function utf8(text: string): Uint8Array {
  // Each UTF-16 unit takes at most 3 UTF-8 bytes, so the text surely fits.
  if (text.length * 3 > scratch.length) return encoder.encode(text)
  return copyBytes(scratch.subarray(0, encoder.encodeInto(text, scratch).written))
}

/**
 * Options of {@link jsonCodecWith}.
 *
 * @example
 * ```ts
 * const options: JsonCodecOptions = { reviver: (key, value) => (key === 'at' ? new Date(value as string) : value) }
 * ```
 * @public
 */
export interface JsonCodecOptions {
  /**
   * Passed to `JSON.parse` on decode, e.g. to turn ISO strings back into `Date`s. Runs for
   * every value, so keep it cheap.
   */
  reviver?: (this: unknown, key: string, value: unknown) => unknown
}

/**
 * Builds a strict JSON codec; {@link jsonCodec} is the one without options.
 *
 * @example
 * ```ts
 * const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/
 * const withDates = jsonCodecWith({
 *   reviver: (_key, value) => (typeof value === 'string' && iso.test(value) ? new Date(value) : value),
 * })
 * codecs.register('todo.task_due', { codec: withDates })
 * ```
 * @public
 */
export function jsonCodecWith(options: JsonCodecOptions = {}): Codec<unknown> {
  const reviver = options.reviver
  return {
    encode(data: unknown): Uint8Array {
      if (data === undefined) return EMPTY
      if (!isPlainJson(data, 0)) explain(data)
      let text: string
      try {
        text = JSON.stringify(data)
      } catch (err) {
        // explain() found nothing, so only extreme nesting or a throwing getter can get here.
        throw new GoesError(
          'ENCODE_FAILED',
          `Cannot encode the data as JSON: ${(err as Error)?.message ?? String(err)}. Make it plain data, or register a custom codec for this name.`,
          { cause: err },
        )
      }
      return utf8(text)
    },
    decode(bytes: Uint8Array): unknown {
      if (bytes.length === 0) return undefined
      try {
        return JSON.parse(decoder.decode(bytes), reviver)
      } catch (err) {
        if (err instanceof GoesError) throw err
        throw new GoesError(
          'DECODE_FAILED',
          `Cannot decode ${bytes.length} bytes as JSON: ${(err as Error)?.message ?? String(err)}. The sender must encode with the same codec; register the codec it uses for this name.`,
          { cause: err },
        )
      }
    },
  }
}

/**
 * The default codec: JSON as UTF-8, strict so that data is never silently lost.
 *
 * - `encode` throws `ENCODE_FAILED`, naming the path (e.g. `data.items[2].at`) and the fix, for
 *   functions, symbols, bigints, `Map`, `Set`, `NaN`/`Infinity`, invalid dates, binary data,
 *   `undefined` inside arrays, class instances and cycles. Properties whose value is `undefined`
 *   are left out, as JSON does; they read back as `undefined`.
 * - `Date`s are allowed and become ISO strings: they decode as strings, not dates. Turn them
 *   back with a reviving codec ({@link jsonCodecWith}) or a schema (e.g. `z.coerce.date()`).
 * - `undefined` data encodes to zero bytes, and zero bytes decode to `undefined`.
 * - `decode` throws `DECODE_FAILED` for bytes that are not UTF-8 JSON.
 * - Small results are views into a shared buffer (see `encodeEnvelope`); `slice()` them to
 *   get a standalone copy.
 *
 * @example
 * ```ts
 * const bytes = jsonCodec.encode({ title: 'milk' })
 * jsonCodec.decode(bytes) // { title: 'milk' }
 * jsonCodec.encode({ tags: new Set(['a']) }) // throws ENCODE_FAILED: data.tags is a Set …
 * ```
 * @public
 */
export const jsonCodec: Codec<unknown> = jsonCodecWith()
