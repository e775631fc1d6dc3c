import { CodecRegistry } from '@goes/core'
import { optionChecks } from '@goes/core/backend'
import type { SubjectOptions } from '../subject/subjects.js'

/**
 * The options both NATS buses take ({@link NatsBus} and {@link JetStreamBus}).
 *
 * @example
 * ```ts
 * const options: NatsBusOptions = { codecs, prefix: 'shop.events' }
 * ```
 * @public
 */
export interface NatsBusOptions extends SubjectOptions {
  /**
   * Encodes the data of each event into the envelope. Default: a registry that encodes every
   * name as JSON without validation (`new CodecRegistry({ unknownNames: 'json' })`).
   */
  readonly codecs?: CodecRegistry
  /** Unread errors each subscription keeps; older ones are dropped and counted. Default 1000. */
  readonly maxBufferedErrors?: number
}

/** The options both buses share, checked, with defaults. @internal */
export interface CoreSettings {
  readonly codecs: CodecRegistry
  readonly maxBufferedErrors: number
}

/** Checks the options shared by both buses. @internal */
export function busSettings(options: NatsBusOptions, owner: string): CoreSettings {
  const check = optionChecks(owner)
  const o = check.object(options, '{ codecs, prefix }')
  const codecs = o.codecs ?? new CodecRegistry({ unknownNames: 'json' })
  if (typeof codecs.encode !== 'function' || typeof codecs.decode !== 'function') {
    throw check.invalid('codecs', codecs, 'a CodecRegistry from @goes/core')
  }
  return { codecs, maxBufferedErrors: check.integer('maxBufferedErrors', o.maxBufferedErrors, { fallback: 1000 }) }
}
