// The one place where @google-cloud/pubsub errors become goes errors (the driver error is kept
// as `cause`). Driver errors are told apart by their gRPC status code, never by message text.
import { type ErrorCode, GoesError, isGoesError } from '@goes/core'

/** The gRPC status codes the bus acts on. @internal */
export const Status = {
  CANCELLED: 1,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const

/** The gRPC status code of a driver error, if it has one. @internal */
export function grpcCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'number' ? code : undefined
}

/** Whether a subscription that reported this error cannot go on (it is gone or forbidden). @internal */
export function isFatalForSubscription(err: unknown): boolean {
  const code = grpcCode(err)
  return (
    code === Status.NOT_FOUND ||
    code === Status.PERMISSION_DENIED ||
    code === Status.UNAUTHENTICATED ||
    code === Status.INVALID_ARGUMENT ||
    code === Status.FAILED_PRECONDITION
  )
}

/**
 * Maps a driver error raised while doing `what` (e.g. `publishing to topic "goes.x"`) to a goes
 * error whose message names the problem and the fix. Goes errors pass through unchanged.
 *
 * @internal
 */
export function toGoesError(err: unknown, what: string): GoesError {
  if (isGoesError(err)) return err as GoesError
  const text = err instanceof Error ? err.message : String(err)
  const make = (code: ErrorCode, message: string) => new GoesError(code, message, { cause: err })
  switch (grpcCode(err)) {
    case Status.NOT_FOUND:
      return make(
        'NOT_FOUND',
        `${cap(what)} failed: it does not exist on the Pub/Sub server (${text}). Subscribe or publish again: the bus recreates what it needs.`,
      )
    case Status.ALREADY_EXISTS:
      return make('INVALID_STATE', `${cap(what)} failed: it already exists (${text}).`)
    case Status.DEADLINE_EXCEEDED:
      return make(
        'TIMEOUT',
        `${cap(what)} timed out waiting for Pub/Sub (${text}). Check the server; retry — a retried publish may deliver an event twice.`,
      )
    case Status.UNAVAILABLE:
    case Status.CANCELLED:
    case Status.RESOURCE_EXHAUSTED:
      return make(
        'UNAVAILABLE',
        `${cap(what)} did not complete: Pub/Sub is unavailable or overloaded (${text}). Retry later; check PUBSUB_EMULATOR_HOST or the network.`,
      )
    case Status.PERMISSION_DENIED:
    case Status.UNAUTHENTICATED:
      return make(
        'INVALID_STATE',
        `${cap(what)} was refused by Pub/Sub (${text}). Grant the credentials the Pub/Sub Editor role (topics and subscriptions are created by the bus) or create them beforehand.`,
      )
    case Status.INVALID_ARGUMENT:
    case Status.FAILED_PRECONDITION:
      return make('INVALID_OPTION', `${cap(what)} was rejected by Pub/Sub as invalid: ${text}.`)
    default:
      return make('INVALID_STATE', `${cap(what)} failed: ${text}`)
  }
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}
