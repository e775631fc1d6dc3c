// Times our code against its plain-JavaScript (or raw-driver) baseline in the same process.
// Rounds alternate baseline / ours so machine noise hits both alike; the best round of each side
// counts, being the one least disturbed by noise; a full GC (with --expose-gc) before every
// timed round keeps one round's garbage out of the next.
import { gc } from './heap.js'
import { printBench, type ScenarioResult } from './print.js'

/** One timed side of a scenario: performs `ops` operations per call and resolves when done. */
export type Workload = () => Promise<void> | void

/** Options of {@link scenario}. */
export interface ScenarioOptions {
  /** Operations one call of a workload performs (events inserted, messages received, …). */
  ops: number
  /** Timed rounds per side; the best round counts. Default 5. */
  rounds?: number
  /** Untimed warm-up rounds per side. Default 1. */
  warmup?: number
  /** Goal for the ratio, printed as `goal=` and checked by `pnpm --filter <pkg> bench --check`. */
  goal?: number
  /** Extra `key=value` fields for the line, computed after the timed rounds. */
  extra?: () => Promise<Record<string, string | number>> | Record<string, string | number>
  /** Runs before every round of either side, untimed (e.g. to create a fresh store). */
  setup?: () => Promise<void> | void
  /** Runs after every round of either side, untimed (e.g. to check the work was done). */
  teardown?: () => Promise<void> | void
}

async function timeOnce(fn: Workload): Promise<number> {
  gc()
  const start = process.hrtime.bigint()
  await fn()
  return Number(process.hrtime.bigint() - start) / 1e9
}

/** Options of {@link measure}: those of a scenario that concern one side. */
export type MeasureOptions = Pick<ScenarioOptions, 'ops' | 'rounds' | 'warmup' | 'setup' | 'teardown'>

/**
 * Times one workload alone and returns its best throughput in operations per second, for a
 * side figure of a scenario (printed as an extra field).
 *
 * @example
 * ```ts
 * const single = await measure(publishOneByOne, { ops: events.length, rounds: 3 })
 * ```
 */
export async function measure(fn: Workload, options: MeasureOptions): Promise<number> {
  const rounds = options.rounds ?? 5
  const warmup = options.warmup ?? 1
  let best = Number.POSITIVE_INFINITY
  for (let i = 0; i < warmup + rounds; i++) {
    await options.setup?.()
    const t = await timeOnce(fn)
    await options.teardown?.()
    if (i >= warmup) best = Math.min(best, t)
  }
  return options.ops / best
}

/**
 * Times `ours` against `baseline` in alternating rounds and prints the BENCH line with the best
 * throughput of each side.
 *
 * @example
 * ```ts
 * await scenario('array-copy', () => { copy(items) }, () => { items.slice() }, { ops: items.length, goal: 0.5 })
 * ```
 */
export async function scenario(
  name: string,
  ours: Workload,
  baseline: Workload,
  options: ScenarioOptions,
): Promise<ScenarioResult> {
  const rounds = options.rounds ?? 5
  const warmup = options.warmup ?? 1
  let bestOurs = Number.POSITIVE_INFINITY
  let bestBase = Number.POSITIVE_INFINITY
  for (let i = 0; i < warmup + rounds; i++) {
    await options.setup?.()
    const b = await timeOnce(baseline)
    await options.teardown?.()
    await options.setup?.()
    const o = await timeOnce(ours)
    await options.teardown?.()
    if (i >= warmup) {
      bestBase = Math.min(bestBase, b)
      bestOurs = Math.min(bestOurs, o)
    }
  }
  const extra = { ...((await options.extra?.()) ?? {}) }
  if (options.goal !== undefined) extra.goal = options.goal
  return printBench(name, options.ops / bestOurs, options.ops / bestBase, extra)
}
