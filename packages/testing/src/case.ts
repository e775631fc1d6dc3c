/**
 * One conformance case: a title for the test runner and a `run()` that builds a fresh
 * instance from the factory, exercises it and cleans up. Runs with any runner — or none.
 *
 * @example
 * ```ts
 * for (const c of eventStoreCases(() => new MemoryStore())) await c.run()
 * ```
 * @public
 */
export interface TestCase {
  /** Stable identifier, e.g. `'insert.single'`; usable in the `skip` option. */
  readonly id: string
  /** The test title: the id, a colon, and what the case proves. */
  readonly title: string
  /** Why the case does not run with these options; `run()` then resolves at once. */
  readonly skipped?: string | undefined
  /** A timeout for the whole case in milliseconds, for the test runner. */
  readonly timeout: number
  /** Runs the case against a fresh instance; rejects with an `AssertionError` when it fails. */
  run(): Promise<void>
}

/**
 * Builds the instance under test; may be async (connect, create a collection, …).
 *
 * @example
 * ```ts
 * const factory: Factory<EventStore> = async () => new MemoryStore()
 * ```
 * @public
 */
export type Factory<T> = () => T | Promise<T>

/**
 * A runner's `describe`, as jest and vitest provide it.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest'
 * runEventBusSuite('MemoryBus', () => new MemoryBus(), { describe, it })
 * ```
 * @public
 */
export type DescribeFn = (title: string, body: () => void) => void

/**
 * A runner's `it`, as jest and vitest provide it (the third argument is a timeout in ms).
 *
 * @example
 * ```ts
 * const it: ItFn = (title, body, timeout) => test(title, body, timeout)
 * ```
 * @public
 */
export interface ItFn {
  (title: string, body: () => Promise<void>, timeout?: number): void
  skip?: (title: string, body: () => Promise<void>, timeout?: number) => void
}

/**
 * Options every suite takes.
 *
 * @typeParam T - the instance under test (an `EventStore` or an `EventBus`).
 * @example
 * ```ts
 * const options: SuiteOptions<EventStore> = { skip: ['query.stream'], timeout: 120_000 }
 * ```
 * @public
 */
export interface SuiteOptions<T> {
  /** Called after every case with the instance it used: close connections, drop collections. */
  readonly cleanup?: (instance: T) => void | Promise<void>
  /** Case ids not to run (each is still listed, as skipped). */
  readonly skip?: readonly string[]
  /** Put before every case title, e.g. a must-hold id (`'CRS-3: '`), so the test log shows it on each line. */
  readonly titlePrefix?: string
  /** Timeout of an ordinary case in ms (default 60 000); heavy cases scale it up. */
  readonly timeout?: number
  /** The runner's `describe`; `globalThis.describe` by default. */
  readonly describe?: DescribeFn
  /** The runner's `it`; `globalThis.it` by default. */
  readonly it?: ItFn
}

/** How a suite defines a case, before it is bound to a factory. @internal */
export interface CaseDef<T, O> {
  readonly id: string
  readonly title: string | ((options: O) => string)
  /** A reason not to run with these options, or undefined to run. The case is still listed, as skipped. */
  readonly skip?: (options: O) => string | undefined
  /**
   * Whether the case applies at all with these options (e.g. `group.balance` only to a bus
   * that load-balances, `group.unsupported` only to one that does not). Cases that do not
   * apply are left out of the suite instead of being listed as skipped.
   */
  readonly applies?: (options: O) => boolean
  /** Multiplies the base timeout (heavy cases). */
  readonly weight?: number
  readonly body: (instance: T, options: O) => Promise<void>
}

/**
 * Binds case definitions to a factory: each `run()` gets a fresh instance and cleans it up
 * whatever the outcome.
 *
 * @internal
 */
export function bindCases<T, O extends SuiteOptions<T>>(
  defs: readonly CaseDef<T, O>[],
  factory: Factory<T>,
  options: O,
): TestCase[] {
  const skipIds = new Set(options.skip ?? [])
  const base = options.timeout ?? 60_000
  return defs
    .filter((def) => def.applies?.(options) ?? true)
    .map((def) => {
      const text = typeof def.title === 'string' ? def.title : def.title(options)
      const skipped = skipIds.has(def.id) ? 'listed in options.skip' : def.skip?.(options)
      const prefix = options.titlePrefix ?? ''
      const title =
        skipped === undefined ? `${prefix}${def.id}: ${text}` : `${prefix}${def.id}: ${text} — SKIPPED: ${skipped}`
      return {
        id: def.id,
        title,
        skipped,
        timeout: base * (def.weight ?? 1),
        async run() {
          if (skipped !== undefined) return
          const instance = await factory()
          await thenCleanUp(
            () => def.body(instance, options),
            async () => {
              await options.cleanup?.(instance)
            },
          )
        },
      }
    })
}

/**
 * Runs `body`, then `cleanUp` whatever happened. The body's failure wins: a clean-up failure is
 * reported only when the body succeeded, so it never hides the real problem.
 *
 * @internal
 */
export async function thenCleanUp(body: () => Promise<void>, cleanUp: () => Promise<void>): Promise<void> {
  let failure: { err: unknown } | undefined
  try {
    await body()
  } catch (err) {
    failure = { err }
  }
  try {
    await cleanUp()
  } catch (err) {
    failure ??= { err }
  }
  if (failure !== undefined) throw failure.err
}
