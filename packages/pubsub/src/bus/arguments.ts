import { GoesError } from '@goes/core'

/** Throws `INVALID_EVENT` unless `events` is an array. @internal */
export function assertEventArray(events: unknown): asserts events is readonly unknown[] {
  if (!Array.isArray(events)) {
    throw new GoesError('INVALID_EVENT', 'publish() takes an array of events; wrap a single event as [event].')
  }
}
