import { CodecRegistry, GoesError } from '@goes/core'
import type { SubjectOptions } from '../subject/subjects.js'
import { positiveInteger } from '../subscription/settings.js'

/**
 * Options of {@link NatsBus}.
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

/** The NatsBus' options, checked, with defaults. @internal */
export interface CoreSettings {
  readonly codecs: CodecRegistry
  readonly maxBufferedErrors: number
}

/** The default subject prefix of a {@link NatsBus}. @public */
export const DEFAULT_CORE_PREFIX = 'goes.events'

/** Checks the options shared by both buses. @internal */
export function busSettings(options: NatsBusOptions, owner: string): CoreSettings {
  if (typeof options !== 'object' || options === null) {
    throw new GoesError(
      'INVALID_OPTION',
      `new ${owner}(nc, options) takes an options object; leave it out for defaults.`,
    )
  }
  const codecs = options.codecs ?? new CodecRegistry({ unknownNames: 'json' })
  if (typeof codecs.encode !== 'function' || typeof codecs.decode !== 'function') {
    throw new GoesError('INVALID_OPTION', `The ${owner} option codecs must be a CodecRegistry from @goes/core.`)
  }
  return { codecs, maxBufferedErrors: positiveInteger(options.maxBufferedErrors, 'maxBufferedErrors', 1000) }
}
