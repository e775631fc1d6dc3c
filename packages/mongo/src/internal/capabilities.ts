import type { SignalOptions } from '@goes/core'
import type { Db } from 'mongodb'
import { driverCall, serverCode } from './errors.js'

/**
 * What the server offers beyond plain reads and writes, as it answered when asked.
 *
 * @example
 * ```ts
 * const caps = await capabilities(db)
 * if (!caps.changeStreams) console.log(caps.notes.join('\n')) // why the relay polls
 * ```
 * @public
 */
export interface ServerCapabilities {
  /** Multi-document transactions (a replica set or a sharded cluster). */
  readonly transactions: boolean
  /** Change streams (`watch()`, the `$changeStream` stage). */
  readonly changeStreams: boolean
  /** One line per feature: what the server answered. */
  readonly notes: readonly string[]
}

const cache = new WeakMap<Db, Promise<ServerCapabilities>>()
/** The collection the probes use; nothing is ever written to it. */
const PROBE = 'goes_capabilities_probe'

/**
 * Asks the server which MongoDB-only features it has: `hello` (replica set or `mongos`?), then
 * a probe of each feature — an empty transaction and a change stream cursor, closed at once.
 * FerretDB, for instance, answers code 9 (`unknown field "autocommit"`) inside a transaction
 * and 238 (not implemented) to `$changeStream`. The answer is cached per `Db` object; a failed
 * probe (network) is not cached.
 *
 * @example
 * ```ts
 * const { transactions, changeStreams } = await capabilities(client.db('app'))
 * ```
 * @public
 */
export function capabilities(db: Db, options?: SignalOptions): Promise<ServerCapabilities> {
  let answer = cache.get(db)
  if (answer === undefined) {
    answer = detect(db, options?.signal)
    cache.set(db, answer)
    answer.catch(() => cache.delete(db))
  }
  return answer
}

async function detect(db: Db, signal: AbortSignal | undefined): Promise<ServerCapabilities> {
  const hello = await driverCall('Asking the server what it offers (hello)', signal, () =>
    db.command({ hello: 1 }, { signal }),
  )
  const notes: string[] = []
  const replicated = typeof hello.setName === 'string' || hello.msg === 'isdbgrid'
  notes.push(
    replicated
      ? `hello: ${hello.msg === 'isdbgrid' ? 'a mongos (sharded cluster)' : `replica set "${String(hello.setName)}"`}`
      : 'hello: no replica set (no setName), not a mongos',
  )
  // MongoDB has transactions only on a replica set or through mongos; the probe confirms it.
  const transactions = (await probeTransactions(db, notes)) && replicated
  const changeStreams = await probeChangeStreams(db, signal, notes)
  return { transactions, changeStreams, notes }
}

async function probeTransactions(db: Db, notes: string[]): Promise<boolean> {
  const session = db.client.startSession()
  try {
    session.startTransaction()
    // A write that changes nothing: servers that take a find in a transaction may still refuse
    // a write in one (FerretDB does). A collection operation, so the driver adds the fields.
    await db.collection<{ _id: string }>(PROBE).deleteMany({ _id: 'goes-probe' }, { session })
    await session.abortTransaction()
    notes.push('transactions: a find inside a transaction was accepted')
    return true
  } catch (err) {
    notes.push(`transactions: refused (code ${serverCode(err) ?? '-'}: ${(err as Error).message})`)
    return false
  } finally {
    await session.endSession().catch(() => undefined)
  }
}

async function probeChangeStreams(db: Db, signal: AbortSignal | undefined, notes: string[]): Promise<boolean> {
  try {
    // On a collection, as the outbox relay watches one (servers may refuse a database-wide one).
    const r = await db.command({ aggregate: PROBE, pipeline: [{ $changeStream: {} }], cursor: {} }, { signal })
    const id = (r.cursor as { id?: unknown } | undefined)?.id
    if (id !== undefined && String(id) !== '0') {
      await db.command({ killCursors: PROBE, cursors: [id] }).catch(() => undefined)
    }
    notes.push('change streams: a $changeStream cursor was opened')
    return true
  } catch (err) {
    if (signal?.aborted) throw err
    notes.push(`change streams: refused (code ${serverCode(err) ?? '-'}: ${(err as Error).message})`)
    return false
  }
}
