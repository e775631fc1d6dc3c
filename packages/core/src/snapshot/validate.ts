import { GoesError } from '../errors/errors.js'
import { formatValue } from '../errors/format.js'
import { assertName, assertVersion } from '../event/validate.js'
import { assertUUID } from '../uuid/uuid.js'
import type { Snapshot } from './snapshot.js'

/**
 * Throws a typed error unless `snapshot` is a well-formed {@link Snapshot}: `INVALID_EVENT`
 * for a non-object, `INVALID_NAME`, `INVALID_UUID` / `NIL_UUID`, `INVALID_VERSION` or
 * `INVALID_TIME` for a bad field. Backends call it before storing.
 *
 * @example
 * ```ts
 * assertSnapshot(snapshot) // then encode and store it
 * ```
 * @public
 */
export function assertSnapshot(snapshot: unknown): asserts snapshot is Snapshot {
  if (typeof snapshot !== 'object' || snapshot === null) {
    throw new GoesError(
      'INVALID_EVENT',
      `A snapshot must be an object { aggregateName, aggregateId, version, time, state }, got ${formatValue(snapshot)}.`,
    )
  }
  const s = snapshot as Partial<Snapshot>
  assertAggregate(s.aggregateName, s.aggregateId, 'snapshot')
  assertVersion(s.version, 'snapshot version')
  if (!(s.time instanceof Date) || Number.isNaN(s.time.getTime())) {
    throw new GoesError(
      'INVALID_TIME',
      `The snapshot time must be a valid Date, got ${formatValue(s.time)}. Use new Date() when taking the snapshot.`,
    )
  }
}

/** Throws a typed error unless name and id address an aggregate. @internal */
export function assertAggregate(name: unknown, id: unknown, what: string): asserts name is string {
  assertName(name, `aggregate name of the ${what}`)
  assertUUID(id, `The aggregate id of the ${what}`)
}
