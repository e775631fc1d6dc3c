import { abortError, GoesError } from '../errors/errors.js'
import { assertName } from '../event/validate.js'

/**
 * Who is registering or starting, for the messages: the class (`'EventHandler'`), what it handles
 * (`'event'`) and what its `start()` returns (`'the RunningHandler'`).
 *
 * @internal
 */
export interface HandlerKind {
  readonly owner: string
  readonly item: string
  readonly handle: string
}

/**
 * Validates the arguments of an `on(names, fn)` call and returns the names as a list. Throws
 * `INVALID_STATE` once started, `INVALID_NAME` for no or a bad name, `INVALID_OPTION` for a
 * missing function.
 *
 * @internal
 */
export function checkOn(kind: HandlerKind, started: boolean, names: unknown, fn: unknown): readonly string[] {
  const { owner, item } = kind
  if (started) {
    throw new GoesError(
      'INVALID_STATE',
      `${owner}.on() was called after start(). Register every handler before starting the ${item} handler.`,
    )
  }
  const list = (typeof names === 'string' ? [names] : names) as readonly string[]
  if (!Array.isArray(list) || list.length === 0) {
    throw new GoesError('INVALID_NAME', `${owner}.on() needs ${article(item)} name or a non-empty array of names.`)
  }
  for (const name of list) assertName(name, `${item} name passed to ${owner}.on()`)
  if (typeof fn !== 'function') {
    throw new GoesError('INVALID_OPTION', `${owner}.on() needs a handler function as its second argument.`)
  }
  return list
}

/**
 * Checks that a handler may start: not started before, something registered, `signal` not
 * aborted. Throws `INVALID_STATE` or `ABORTED`.
 *
 * @internal
 */
export function checkStart(kind: HandlerKind, started: boolean, registered: number, signal?: AbortSignal): void {
  const { owner, handle } = kind
  if (started) {
    throw new GoesError(
      'INVALID_STATE',
      `This ${owner} was already started. Use ${handle} that start() returned, or create a new ${owner}.`,
    )
  }
  if (registered === 0) {
    throw new GoesError('INVALID_STATE', `${owner}.start() with no handlers: register some with on() first.`)
  }
  if (signal?.aborted === true) throw abortError(signal, `${owner}.start()`)
}

/**
 * A controller that aborts with `signal` (the caller's start signal), so a running handler
 * stops when it fires; `cleanup` detaches the listener once the handler has stopped.
 *
 * @internal
 */
export function linkSignal(signal: AbortSignal | undefined): {
  readonly controller: AbortController
  readonly cleanup: () => void
} {
  const controller = new AbortController()
  if (signal === undefined) return { controller, cleanup: () => {} }
  const onAbort = (): void => controller.abort(signal.reason)
  signal.addEventListener('abort', onAbort, { once: true })
  return { controller, cleanup: () => signal.removeEventListener('abort', onAbort) }
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`
}
