// Workload pieces the bus and store benchmarks of several packages share: cutting fixtures into
// batches, checking that a round did all its work, and the "publish batches, receive them all"
// round every bus benchmark times. Typed structurally, so the harness needs no goes package.

/**
 * Splits `items` into consecutive batches of `size` (the last one may be shorter).
 *
 * @example
 * ```ts
 * for (const batch of batches(events, 100)) await store.insert(batch)
 * ```
 */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/**
 * Throws unless a workload handled as many events as it should have: a benchmark must do the
 * work it is timed for.
 *
 * @example
 * ```ts
 * await scenario('bus', ours, baseline, { ops: COUNT, teardown: () => expectCount('bus', received, COUNT) })
 * ```
 */
export function expectCount(what: string, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`${what}: handled ${actual} events, expected ${expected}.`)
}

/**
 * Reads `source` with for await until `count` items arrived, then breaks (which closes a
 * subscription); resolves with the number read — fewer than `count` only when `source` ended
 * first.
 *
 * @example
 * ```ts
 * const receiving = receiveCount(subscription, COUNT)
 * for (const batch of inBatches) await bus.publish(batch)
 * handled = await receiving
 * ```
 */
export async function receiveCount(source: AsyncIterable<unknown>, count: number): Promise<number> {
  let n = 0
  for await (const _ of source) if (++n === count) break
  return n
}

/** What {@link publishAndReceive} publishes on: an event bus, as far as a benchmark needs one. */
export interface BatchPublisher<T> {
  publish(batch: readonly T[]): Promise<unknown>
}

/**
 * The bus benchmarks' round: starts reading `count` items from `subscription`, publishes
 * `inBatches` on `bus` one awaited call after another, and resolves with what
 * {@link receiveCount} read.
 *
 * @example
 * ```ts
 * received = await publishAndReceive(bus, eventBatches, subscription, COUNT)
 * ```
 */
export async function publishAndReceive<T>(
  bus: BatchPublisher<T>,
  inBatches: readonly (readonly T[])[],
  subscription: AsyncIterable<unknown>,
  count: number,
): Promise<number> {
  const receiving = receiveCount(subscription, count)
  for (const batch of inBatches) await bus.publish(batch)
  return receiving
}
