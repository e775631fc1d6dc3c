import { GoesError } from '@goes/core'
import type { JetStreamManager, StreamConfig, StreamInfo } from '@nats-io/jetstream'
import { apiErrorCode, toGoesError } from '../connection/errors.js'
import type { JetStreamSettings } from './options.js'

const SUBJECTS_OVERLAP = 10065
const NAME_IN_USE = 10058

/**
 * Makes sure the bus' stream exists and suits it: creates it from the settings when missing
 * (unless `create` is false), or verifies the existing one — every configured field must match,
 * and a stream that is neither a mirror nor has sources must capture `<prefix>.>`. Mismatches
 * are INVALID_STATE errors that name the field and the fix.
 *
 * @internal
 */
export async function ensureStream(jsm: JetStreamManager, s: JetStreamSettings, all: string): Promise<StreamInfo> {
  let info = await streamInfo(jsm, s.stream)
  if (info === undefined) {
    if (!s.create) {
      throw new GoesError(
        'NOT_FOUND',
        `The JetStream stream "${s.stream}" does not exist, and stream.create is false. Create it (capturing "${all}", or as a mirror/sources stream), or let the bus create it.`,
      )
    }
    const config = { ...s.config, name: s.stream } as Partial<StreamConfig> & { name: string }
    if (config.subjects === undefined && config.mirror === undefined) config.subjects = [all]
    try {
      info = await jsm.streams.add(config)
    } catch (err) {
      const code = apiErrorCode(err)
      if (code === SUBJECTS_OVERLAP) {
        throw new GoesError(
          'INVALID_STATE',
          `Cannot create the JetStream stream "${s.stream}": another stream already captures subjects of ${JSON.stringify(config.subjects)}. Point the bus at that stream (option stream), or give this bus another prefix.`,
          { cause: err },
        )
      }
      if (code !== NAME_IN_USE) throw toGoesError(err, `creating the JetStream stream "${s.stream}"`)
      info = await streamInfo(jsm, s.stream) // created meanwhile by someone else: verify theirs
      if (info === undefined) throw toGoesError(err, `creating the JetStream stream "${s.stream}"`)
    }
  }
  verifyStream(info.config, s, all)
  return info
}

async function streamInfo(jsm: JetStreamManager, name: string): Promise<StreamInfo | undefined> {
  try {
    return await jsm.streams.info(name)
  } catch (err) {
    if ((err as { name?: string }).name === 'StreamNotFoundError') return undefined
    throw toGoesError(err, `looking up the JetStream stream "${name}"`)
  }
}

/** Throws INVALID_STATE when the existing stream's configuration does not suit the bus. @internal */
export function verifyStream(have: StreamConfig, s: JetStreamSettings, all: string): void {
  const name = s.stream
  for (const [field, want] of Object.entries(s.config)) {
    if (want === undefined) continue
    const value = (have as Record<string, unknown>)[field]
    if (field === 'subjects') {
      const missing = (want as string[]).filter((w) => !(have.subjects ?? []).includes(w))
      if (missing.length > 0) mismatch(name, 'subjects', have.subjects ?? [], `to include ${JSON.stringify(missing)}`)
    } else if (!matches(want, value)) mismatch(name, field, value, JSON.stringify(want))
  }
  if (have.retention === 'workqueue') {
    throw new GoesError(
      'INVALID_STATE',
      `The JetStream stream "${name}" has work-queue retention, which lets only one consumer take each event; a bus needs every subscriber to get them. Use a stream with limits or interest retention.`,
    )
  }
  const derived = have.mirror !== undefined || (have.sources?.length ?? 0) > 0
  if (!derived && !(have.subjects ?? []).some((p) => covers(p, all))) {
    throw new GoesError(
      'INVALID_STATE',
      `The JetStream stream "${name}" captures ${JSON.stringify(have.subjects ?? [])}, not the bus' subjects "${all}". Fix: add "${all}" to its subjects (nats stream edit ${name} --subjects …), give the bus the prefix the stream captures, or use another stream.`,
    )
  }
}

function mismatch(stream: string, field: string, have: unknown, want: string): never {
  throw new GoesError(
    'INVALID_STATE',
    `The JetStream stream "${stream}" exists, but its ${field} is ${JSON.stringify(have)} where the bus asks for ${want}. Fix: change the stream (nats stream edit ${stream}), drop ${field} from the bus' stream.config, or use another stream name.`,
  )
}

/** Whether `have` has every field of `want` (objects: the fields given; arrays: each element somewhere). */
function matches(want: unknown, have: unknown): boolean {
  if (Array.isArray(want)) {
    return Array.isArray(have) && want.length === have.length && want.every((w) => have.some((h) => matches(w, h)))
  }
  if (typeof want === 'object' && want !== null) {
    if (typeof have !== 'object' || have === null) return false
    return Object.entries(want).every(([k, w]) => w === undefined || matches(w, (have as Record<string, unknown>)[k]))
  }
  return want === have
}

/** Whether the stream subject `pattern` captures every subject `subject` (which may end in `>`) matches. @internal */
export function covers(pattern: string, subject: string): boolean {
  const p = pattern.split('.')
  const s = subject.split('.')
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return i < s.length
    if (i >= s.length || s[i] === '>') return false
    if (p[i] !== '*' && p[i] !== s[i]) return false
  }
  return p.length === s.length
}
