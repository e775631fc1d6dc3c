// Soft delete (FEATURES A5) is declared, not inferred: an aggregate names the events that
// delete and restore it, and the base class follows the latest of them as it applies events.
// Deletion is then part of the history (a restore is just a later event), and the repository
// can refuse soft-deleted aggregates without knowing any domain event.

import { GoesError } from '../errors/errors.js'
import { assertName } from '../event/validate.js'

/** Event name → true for "deletes", false for "restores". @internal */
export type SoftDeleteRules = Map<string, boolean>

/**
 * Adds `names` to `rules` as deleting (`deleted`) or restoring events; `INVALID_NAME` for a
 * bad name, `INVALID_STATE` for a name already declared the other way.
 *
 * @internal
 */
export function declareSoftDelete(
  rules: SoftDeleteRules,
  names: readonly string[],
  deleted: boolean,
  aggregateName: string,
): void {
  for (const name of names) {
    assertName(name, `soft-delete event name of aggregate "${aggregateName}"`)
    const before = rules.get(name)
    if (before !== undefined && before !== deleted) {
      throw new GoesError(
        'INVALID_STATE',
        `Event "${name}" of aggregate "${aggregateName}" cannot both soft-delete and restore it. Use one event name for deleting and another for restoring.`,
      )
    }
    rules.set(name, deleted)
  }
}
