import { GoesError } from '../errors/errors.js'
import { formatValue } from '../errors/format.js'

// Checks and lookups behind CommandError: its details and localised messages arrive from user
// code and from the wire, so each is validated once, copied and frozen.

/**
 * A structured error detail in the shape of `google.protobuf.Any`: the type URL of a protobuf
 * message (`type.googleapis.com/<full name>`) and its encoded bytes. Make and read them with
 * `packDetail` / `unpackDetail` of `@goes/core/protobuf`.
 *
 * @example
 * ```ts
 * const detail: ErrorDetail = packDetail(BadRequest, { field: 'title', reason: 'empty' })
 * ```
 * @public
 */
export interface ErrorDetail {
  readonly typeUrl: string
  readonly value: Uint8Array
}

const NO_DETAILS: readonly ErrorDetail[] = Object.freeze([])
const NO_MESSAGES: Readonly<Record<string, string>> = Object.freeze({})

/** Validates and freezes a copy of error details (`google.protobuf.Any` shapes). @internal */
export function checkDetails(details: readonly ErrorDetail[] | undefined): readonly ErrorDetail[] {
  if (details === undefined || (Array.isArray(details) && details.length === 0)) return NO_DETAILS
  if (!Array.isArray(details)) {
    throw new GoesError(
      'INVALID_OPTION',
      `Command error details must be an array of { typeUrl, value }, got ${formatValue(details)}. Make details with packDetail() of '@goes/core/protobuf'.`,
    )
  }
  const out: ErrorDetail[] = new Array(details.length)
  for (let i = 0; i < details.length; i++) {
    const d = details[i] as Partial<ErrorDetail> | undefined
    if (typeof d !== 'object' || d === null || typeof d.typeUrl !== 'string' || d.typeUrl.length === 0) {
      throw new GoesError(
        'INVALID_OPTION',
        `Command error detail ${i} needs a non-empty string typeUrl. Make details with packDetail() of '@goes/core/protobuf'.`,
      )
    }
    if (!(d.value instanceof Uint8Array)) {
      throw new GoesError(
        'INVALID_OPTION',
        `Command error detail ${i} (${d.typeUrl}) needs its encoded message as a Uint8Array value.`,
      )
    }
    out[i] = Object.freeze({ typeUrl: d.typeUrl, value: d.value })
  }
  return Object.freeze(out)
}

/** Validates and freezes a copy of localised messages (locale → text). @internal */
export function checkMessages(
  messages: Readonly<Record<string, string>> | undefined,
): Readonly<Record<string, string>> {
  if (messages === undefined) return NO_MESSAGES
  if (typeof messages !== 'object' || messages === null || Array.isArray(messages)) {
    throw new GoesError(
      'INVALID_OPTION',
      `Localised command error messages must be an object of locale → text, got ${formatValue(messages)}. Example: { de: 'Die Liste ist voll.' }.`,
    )
  }
  const keys = Object.keys(messages)
  if (keys.length === 0) return NO_MESSAGES
  const out: Record<string, string> = {}
  for (const locale of keys) {
    const text = messages[locale]
    if (locale.trim().length === 0 || typeof text !== 'string') {
      throw new GoesError(
        'INVALID_OPTION',
        `The localised command error message for ${formatValue(locale)} must be text under a non-empty locale, got ${formatValue(text)}.`,
      )
    }
    setOwn(out, locale, text)
  }
  return Object.freeze(out)
}

/**
 * The message for `locale`: exact match, then the bare language (`de-AT` → `de`), then any
 * locale of that language (`de` → `de-DE`); case-insensitive, `_` read as `-`. @internal
 */
export function pickLocale(messages: Readonly<Record<string, string>>, locale: string | undefined): string | undefined {
  if (locale === undefined || typeof locale !== 'string') return undefined
  const keys = Object.keys(messages)
  if (keys.length === 0) return undefined
  const wanted = normalise(locale)
  const language = wanted.split('-')[0]!
  let sameLanguage: string | undefined
  let bareLanguage: string | undefined
  for (const key of keys) {
    const k = normalise(key)
    if (k === wanted) return messages[key]
    if (k === language) bareLanguage = messages[key]
    else if (sameLanguage === undefined && k.split('-')[0] === language) sameLanguage = messages[key]
  }
  return bareLanguage ?? sameLanguage
}

function normalise(locale: string): string {
  return locale.trim().toLowerCase().replaceAll('_', '-')
}

/** Sets an own enumerable property, even one named `__proto__` (which `o[k] = v` would not). @internal */
export function setOwn(target: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}
