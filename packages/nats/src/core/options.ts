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

/**
 * Options of {@link NatsBus}.
 *
 * @example
 * ```ts
 * const options: NatsCoreBusOptions = { codecs, confirm: false } // for a protocol with its own timeouts
 * ```
 * @public
 */
export interface NatsCoreBusOptions extends NatsBusOptions {
  /**
   * Whether `publish` waits until the server has the events (a PING/PONG round trip after each
   * publish; default true). With false it resolves once the connection has taken the bytes: one
   * round trip less, but events lost with a dropped connection are then seen only by the
   * subscribers (on their `errors`), never by the publisher.
   */
  readonly confirm?: boolean
}

/** The NatsBus' options, checked, with defaults. @internal */
export interface CoreSettings {
  readonly codecs: CodecRegistry
  readonly maxBufferedErrors: number
}

/**
 * The default subject prefix of a {@link NatsBus}.
 *
 * @example
 * ```ts
 * new NatsBus(nc).subjectOf('todo.task_added') // `${DEFAULT_CORE_PREFIX}.todo:task_added`
 * ```
 * @public
 */
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
