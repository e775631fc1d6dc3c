// The one place where nats.js errors become goes errors (the driver error is kept as `cause`).
// nats.js errors are told apart by their `name`, never by `instanceof` or message text, so two
// copies of the driver behave alike.
import { type ErrorCode, GoesError, isGoesError } from '@goes/core'

/**
 * The code of "the server could not be reached, or the connection was lost before the server
 * confirmed": the same call may succeed once the connection is back.
 */
export const UNAVAILABLE: ErrorCode = 'UNAVAILABLE'

/** The driver's error name, or undefined for anything that is not an Error. */
function driverName(err: unknown): string | undefined {
  return err instanceof Error || (typeof err === 'object' && err !== null && 'name' in err)
    ? String((err as { name: unknown }).name)
    : undefined
}

/** The HTTP-like status (404, 503, …) of a JetStream API error, if the driver error carries one. */
function apiStatus(err: unknown): number | undefined {
  const e = err as { apiError?: () => { code?: number } }
  if (typeof e?.apiError !== 'function') return undefined
  try {
    return e.apiError().code
  } catch {
    return undefined
  }
}

const TRANSIENT = new Set(['JetStreamNotEnabled', 'NoResponders', 'TimeoutError', 'RequestError', 'ConnectionError'])

/**
 * Whether the same call may succeed a moment later: no JetStream answer or a 503 from it (a
 * leader election), a lost connection, a timeout.
 */
export function isTransient(err: unknown): boolean {
  return TRANSIENT.has(driverName(err) ?? '') || apiStatus(err) === 503
}

/** The JetStream API error code (10014, 10059, …) of a driver error, if it carries one. */
export function apiErrorCode(err: unknown): number | undefined {
  const e = err as { apiError?: () => { err_code?: number } }
  if (typeof e?.apiError !== 'function') return undefined
  try {
    return e.apiError().err_code
  } catch {
    return undefined
  }
}

/**
 * Maps a nats.js error raised while doing `what` (e.g. "publishing 3 events") to a goes error
 * whose message names the problem and the fix. Goes errors pass through unchanged.
 */
export function toGoesError(err: unknown, what: string): GoesError {
  if (isGoesError(err)) return err as GoesError
  const text = err instanceof Error ? err.message : String(err)
  const name = driverName(err)
  const make = (code: ErrorCode, message: string) => new GoesError(code, message, { cause: err })
  switch (name) {
    case 'ClosedConnectionError':
    case 'DrainingConnectionError':
      return make(
        'CLOSED',
        `Cannot finish ${what}: the NATS connection is closed (${text}). Create a new connection and bus.`,
      )
    case 'TimeoutError':
      return make(
        'TIMEOUT',
        `${cap(what)} timed out waiting for the NATS server (${text}). Check that the server is up; retry — JetStream publishes are de-duplicated by event id.`,
      )
    case 'RequestError':
    case 'ConnectionError':
      return make(
        UNAVAILABLE,
        `${cap(what)} did not complete: the connection to the NATS server was lost (${text}). Nothing is known to have arrived; retry once the client has reconnected.`,
      )
    case 'NoResponders':
      return make(
        UNAVAILABLE,
        `${cap(what)} got no answer: nothing on the NATS server handles it (${text}). For JetStream, check that JetStream is enabled and a stream captures the subject; retry.`,
      )
    case 'PermissionViolationError':
    case 'AuthorizationError':
      return make(
        'INVALID_STATE',
        `${cap(what)} was refused by the NATS server: ${text}. Grant the connection's user the permission.`,
      )
    case 'StreamNotFoundError':
      return make(
        'NOT_FOUND',
        `${cap(what)} failed: the JetStream stream does not exist (${text}). Let the bus create it (stream.create) or create it yourself.`,
      )
    case 'ConsumerNotFoundError':
      return make(
        'NOT_FOUND',
        `${cap(what)} failed: the JetStream consumer does not exist (${text}). Subscribe again to recreate it.`,
      )
    case 'JetStreamNotEnabled':
      // nats.js' name for "no JetStream server answered": during a leader election too.
      return make(
        UNAVAILABLE,
        `${cap(what)} got no answer from JetStream (${text}): a stream leader election is in progress, no stream captures the subject, or JetStream is not enabled on the server (-js). Retry.`,
      )
    case 'InvalidArgumentError':
      return make('INVALID_OPTION', `${cap(what)} was rejected by the NATS client: ${text}.`)
    default:
      if (apiStatus(err) === 503) {
        return make(
          UNAVAILABLE,
          `${cap(what)} got "${text}" from JetStream: it is busy or electing a leader. Retry in a moment.`,
        )
      }
      if (apiErrorCode(err) !== undefined) {
        return make(
          'INVALID_STATE',
          `${cap(what)} was rejected by JetStream: ${text}. Check the stream and consumer configuration.`,
        )
      }
      return make('INVALID_STATE', `${cap(what)} failed: ${text}`)
  }
}

/** The error of using a closed bus. */
export function closedBus(owner: string, what: string): GoesError {
  return new GoesError('CLOSED', `Cannot ${what}: this ${owner} is closed. Create a new bus.`)
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}
