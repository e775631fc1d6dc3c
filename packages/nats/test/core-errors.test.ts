import { errors } from '@nats-io/transport-node'
import { isTransient, toGoesError } from '../src/connection/errors.js'

/** A driver error as nats.js makes them: told apart by `name`. */
function named(name: string, message = 'boom'): Error {
  const err = new Error(message)
  err.name = name
  return err
}

/** A JetStream API error: status and err_code behind apiError(). */
function apiError(status: number, errCode: number, description: string): Error {
  return Object.assign(named('JetStreamApiError', description), {
    apiError: () => ({ code: status, err_code: errCode, description }),
  })
}

describe('driver errors become goes errors in one place', () => {
  it.each([
    [new errors.TimeoutError(), 'TIMEOUT', true],
    [new errors.ClosedConnectionError(), 'CLOSED', false],
    [new errors.RequestError('connection disconnected'), 'UNAVAILABLE', true],
    [named('JetStreamNotEnabled', 'jetstream is not enabled'), 'UNAVAILABLE', true],
    [named('NoResponders'), 'UNAVAILABLE', true],
    [apiError(503, 10008, 'JetStream system temporarily unavailable'), 'UNAVAILABLE', true],
    [named('StreamNotFoundError'), 'NOT_FOUND', false],
    [named('PermissionViolationError'), 'INVALID_STATE', false],
    [apiError(400, 10065, 'subjects overlap with an existing stream'), 'INVALID_STATE', false],
    [new Error('something else'), 'INVALID_STATE', false],
  ])('%s → %s (transient: %s), the driver error kept as cause', (err, code, transient) => {
    const mapped = toGoesError(err, 'publishing 3 events')
    expect(mapped.code).toBe(code)
    expect(mapped.cause).toBe(err)
    expect(mapped.message.length).toBeGreaterThan(20)
    expect(isTransient(err)).toBe(transient)
  })
})
