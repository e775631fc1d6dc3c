import type { ErrorDetail } from '../command/error-parts.js'
import { GoesError } from '../errors/errors.js'
import { formatValue } from '../errors/format.js'

// Protobuf error details of command errors, for protobufjs users. Nothing here imports
// protobufjs: a reflected `Type` (protobuf.Type, root.lookupType(…)) or a pbjs static class is
// used through the few members below, so this module loads without protobufjs installed, and
// the core entry never mentions it.

/** The prefix of the type URLs {@link packDetail} writes, as `google.protobuf.Any` does. @public */
export const TYPE_URL_PREFIX = 'type.googleapis.com/'

/**
 * What {@link packDetail} and {@link unpackDetail} need of a protobuf message type — a
 * protobufjs `Type` has all of it; a pbjs static class has all but `fullName`, and its
 * `getTypeUrl()` stands in.
 *
 * @example
 * ```ts
 * const BadRequest: ProtoMessageType = protobuf.parse(proto).root.lookupType('shop.BadRequest')
 * ```
 * @public
 */
export interface ProtoMessageType<T = unknown> {
  /** The fully qualified name, e.g. `.shop.BadRequest` (protobufjs reflection). */
  readonly fullName?: string
  /** The type URL, e.g. `type.googleapis.com/shop.BadRequest` (pbjs static code). */
  getTypeUrl?(prefix?: string): string
  encode(message: NoInfer<T>): { finish(): Uint8Array }
  decode(bytes: Uint8Array): T
  /** Converts plain objects (enum names, strings for longs, …) to a message. */
  fromObject?(object: { [key: string]: unknown }): T
  /** Returns why a message is invalid, or null. */
  verify?(message: { [key: string]: unknown }): string | null
}

/** Where {@link unpackDetail} finds types: a protobufjs `Root` (or namespace), or a list of types. @public */
export type ProtoTypes = { lookupType(path: string): ProtoMessageType } | readonly ProtoMessageType[] | ProtoMessageType

/**
 * The type URL of a message type: `type.googleapis.com/<full name>`.
 *
 * @example
 * ```ts
 * typeUrlOf(root.lookupType('shop.BadRequest')) // 'type.googleapis.com/shop.BadRequest'
 * ```
 * @public
 */
export function typeUrlOf(type: ProtoMessageType): string {
  if (typeof type?.getTypeUrl === 'function') return type.getTypeUrl(TYPE_URL_PREFIX.slice(0, -1))
  if (typeof type?.fullName === 'string' && type.fullName.length > 0) {
    return TYPE_URL_PREFIX + (type.fullName.startsWith('.') ? type.fullName.slice(1) : type.fullName)
  }
  throw new GoesError(
    'INVALID_OPTION',
    `Expected a protobuf message type (a protobufjs Type, e.g. root.lookupType('pkg.Name')), got ${formatValue(type)}.`,
  )
}

/**
 * Packs a protobuf message as a command error detail (`google.protobuf.Any` shape). `message`
 * may be a message or a plain object (converted with the type's `fromObject`, then verified).
 * Throws `ENCODE_FAILED` for a message the type rejects.
 *
 * @example
 * ```ts
 * throw new CommandError('INVALID_TITLE', 'The title is empty.', {
 *   details: [packDetail(BadRequest, { field: 'title', reason: 'empty' })],
 * })
 * ```
 * @public
 */
export function packDetail<T>(type: ProtoMessageType<T>, message: T | { [key: string]: unknown }): ErrorDetail {
  const typeUrl = typeUrlOf(type)
  let value: Uint8Array
  try {
    const msg = typeof type.fromObject === 'function' ? type.fromObject(message as { [key: string]: unknown }) : message
    const problem = typeof type.verify === 'function' ? type.verify(msg as { [key: string]: unknown }) : null
    if (problem) throw new Error(problem)
    value = type.encode(msg as T).finish()
  } catch (err) {
    throw new GoesError(
      'ENCODE_FAILED',
      `Cannot pack an error detail of ${typeUrl}: ${(err as Error)?.message ?? String(err)}. Pass a message (or plain object) of that type.`,
      { cause: err },
    )
  }
  return { typeUrl, value }
}

/**
 * Decodes a command error detail with the type its URL names, found in `types`. Throws
 * `UNKNOWN_NAME` when `types` lacks it, `DECODE_FAILED` for bytes the type cannot decode.
 *
 * @example
 * ```ts
 * catch (err) {
 *   if (isCommandError(err)) for (const d of err.details) console.log(unpackDetail(d, root))
 * }
 * ```
 * @public
 */
export function unpackDetail(detail: ErrorDetail, types: ProtoTypes): unknown {
  const type = findType(detail.typeUrl, types)
  if (type === undefined) {
    throw new GoesError(
      'UNKNOWN_NAME',
      `Cannot unpack an error detail of ${detail.typeUrl}: the given types do not include it. Pass the protobufjs Root that defines it, or the type itself.`,
    )
  }
  return decodeWith(type, detail)
}

/**
 * The first detail of `type` among `source` (a command error or its details), decoded; or
 * `undefined` when there is none.
 *
 * @example
 * ```ts
 * const quota = findDetail(err, QuotaFailure) // undefined unless the handler packed one
 * ```
 * @public
 */
export function findDetail<T>(
  source: { readonly details: readonly ErrorDetail[] } | readonly ErrorDetail[],
  type: ProtoMessageType<T>,
): T | undefined {
  const details = Array.isArray(source) ? source : (source as { details: readonly ErrorDetail[] }).details
  const name = shortName(typeUrlOf(type))
  for (const d of details ?? []) if (shortName(d.typeUrl) === name) return decodeWith(type, d) as T
  return undefined
}

function decodeWith(type: ProtoMessageType, detail: ErrorDetail): unknown {
  try {
    return type.decode(detail.value)
  } catch (err) {
    throw new GoesError(
      'DECODE_FAILED',
      `Cannot decode an error detail of ${detail.typeUrl}: ${(err as Error)?.message ?? String(err)}. Both sides must use the same message definition.`,
      { cause: err },
    )
  }
}

/** The message name a type URL ends with (after its last `/`). */
function shortName(typeUrl: string): string {
  return typeUrl.slice(typeUrl.lastIndexOf('/') + 1)
}

function findType(typeUrl: string, types: ProtoTypes): ProtoMessageType | undefined {
  const name = shortName(typeUrl)
  const matches = (t: ProtoMessageType): boolean =>
    (typeof t?.getTypeUrl === 'function' || typeof t?.fullName === 'string') && shortName(typeUrlOf(t)) === name
  if (Array.isArray(types)) return types.find(matches)
  const t = types as ProtoMessageType & { lookupType?: (path: string) => ProtoMessageType }
  if (typeof t.decode === 'function' && matches(t)) return t
  if (typeof t.lookupType !== 'function') return undefined
  try {
    return t.lookupType(name)
  } catch {
    return undefined // protobufjs throws "no such type"
  }
}
