import { queryError, show } from './problem.js'
import type { SortField } from './types.js'

/** The fields events can be sorted by, in a fixed order. @internal */
export const SORT_FIELDS: readonly SortField[] = ['time', 'aggregateName', 'aggregateId', 'aggregateVersion']
const FIELD_SET: ReadonlySet<string> = new Set(SORT_FIELDS)

/**
 * Checks a `sort` list: each entry is `{ by, dir }` with a known field and direction, and no
 * field appears twice (a second key on the same field could never decide anything). An empty
 * list is allowed and means "no order".
 *
 * @internal
 */
export function validateSort(sort: unknown, field = 'sort'): void {
  if (!Array.isArray(sort)) {
    throw queryError(
      field,
      `must be an array of { by, dir }, got ${show(sort)}`,
      "Write sort: [{ by: 'time', dir: 'asc' }].",
    )
  }
  const seen = new Set<string>()
  sort.forEach((s, i) => {
    const path = `${field}[${i}]`
    if (Object.prototype.toString.call(s) !== '[object Object]') {
      throw queryError(path, `must be an object { by, dir }, got ${show(s)}`, "Write { by: 'time', dir: 'asc' }.")
    }
    for (const key of Object.keys(s)) {
      if (key !== 'by' && key !== 'dir') {
        throw queryError(
          `${path}.${key}`,
          'is not a known key',
          "A sort entry has `by` and `dir`, e.g. { by: 'time', dir: 'desc' }.",
        )
      }
    }
    const { by, dir } = s as { by?: unknown; dir?: unknown }
    if (typeof by !== 'string' || !FIELD_SET.has(by)) {
      throw queryError(`${path}.by`, `is ${show(by)}, not a sort field`, `Sort by one of ${SORT_FIELDS.join(', ')}.`)
    }
    if (dir !== 'asc' && dir !== 'desc') {
      throw queryError(`${path}.dir`, `is ${show(dir)}, not a direction`, "Use 'asc' or 'desc'.")
    }
    if (seen.has(by)) {
      throw queryError(
        path,
        `sorts by ${by} a second time`,
        `Keep one entry for ${by}; later keys only break ties of earlier ones.`,
      )
    }
    seen.add(by)
  })
}
