import type { StandardSchemaV1 } from '@standard-schema/spec'
import type { EventMap } from '../event/event.js'
import type { Codec } from './codec.js'

// The types users write registrations with, and the event map derived from them (FEATURES D4).

/**
 * How one name's data is encoded and checked: a codec (JSON by default) and an optional
 * Standard Schema (zod, valibot, arktype, …) that decoded data must pass. Its output is what
 * decoding returns, so a schema can also transform (e.g. `z.coerce.date()`). Only decoded data
 * is validated: encoding trusts the sender's types.
 *
 * @example
 * ```ts
 * codecs.register('todo.task_due', { schema: z.object({ at: z.coerce.date() }) })
 * codecs.register('image.uploaded', { codec: protobufCodec(ImageUploaded) })
 * ```
 * @public
 */
export interface CodecRegistration<T = unknown> {
  codec?: Codec<T> | undefined
  schema?: StandardSchemaV1<unknown, T> | undefined
}

/**
 * One registration per name of an {@link EventMap}, typed by it: a missing name, an extra name
 * or a schema of the wrong type is a compile error. Without a map, any table of registrations.
 *
 * @example
 * ```ts
 * const todoCodecs = {
 *   'todo.task_added': { schema: z.object({ title: z.string() }) },
 *   'todo.task_removed': {},
 * } satisfies CodecRegistrations<TodoEvents>
 * ```
 * @public
 */
export type CodecRegistrations<M extends EventMap = EventMap> = {
  [K in keyof M & string]: CodecRegistration<M[K]>
}

/**
 * The {@link EventMap} a table of registrations describes: each name's data type is its
 * schema's output, else its codec's type, else `unknown`. Declare schemas once and derive the
 * event types from them, instead of writing both.
 *
 * @example
 * ```ts
 * const todoCodecs = {
 *   'todo.task_added': { schema: z.object({ title: z.string() }) },
 *   'todo.task_removed': { schema: z.object({ title: z.string() }) },
 * } satisfies CodecRegistrations
 * type TodoEvents = InferEventMap<typeof todoCodecs> // { 'todo.task_added': { title: string }; … }
 * codecs.registerAll<TodoEvents>(todoCodecs)
 * ```
 * @public
 */
export type InferEventMap<R extends CodecRegistrations> = {
  -readonly [K in keyof R]: R[K] extends { schema: StandardSchemaV1<unknown, infer O> }
    ? O
    : R[K] extends { codec: Codec<infer T> }
      ? T
      : unknown
}

/**
 * Options of {@link CodecRegistry}.
 *
 * @example
 * ```ts
 * const lenient = new CodecRegistry({ unknownNames: 'json' }) // unregistered names use JSON
 * ```
 * @public
 */
export interface CodecRegistryOptions {
  /**
   * What to do with a name that was never registered: `'error'` (default) throws
   * `UNKNOWN_NAME`; `'json'` uses {@link jsonCodec}.
   */
  unknownNames?: 'error' | 'json'
}
