import { inspect } from 'node:util'
import type { AggregateRoot, Event } from '@goes/core'

/** `aggregate "todo.list" 0190…` — how messages name an aggregate. @internal */
export function nameOf(aggregate: AggregateRoot): string {
  return `aggregate "${aggregate.aggregateName}" ${aggregate.aggregateId}`
}

/** A value on one line, as node prints it (bigints, dates, nested objects to depth 6). @internal */
export function show(value: unknown): string {
  return inspect(value, { depth: 6, breakLength: Number.POSITIVE_INFINITY, compact: true, sorted: false })
}

/**
 * The numbered list of changes that ends every failure message, so the reader sees at once
 * what the aggregate did instead.
 *
 * @internal
 */
export function listChanges(changes: readonly Event[], title = 'Its uncommitted changes'): string {
  if (changes.length === 0) return `${title}: none.`
  const lines = changes.map((e, i) => {
    const version = e.aggregate === undefined ? '' : ` v${e.aggregate.version}`
    return `  ${i + 1}. ${e.name}${version} ${show(e.data)}`
  })
  return `${title} (${changes.length}):\n${lines.join('\n')}`
}

/** `1 "x" change` / `2 "x" changes`. @internal */
export function changesOf(count: number, name: string): string {
  return `${count} "${name}" change${count === 1 ? '' : 's'}`
}
