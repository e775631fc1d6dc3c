// The one output format of every benchmark, so `pnpm bench` output can be read by eye and by
// tooling alike:
//   BENCH <scenario> <ours ops/s> baseline=<ops/s> ratio=<ours/baseline> [key=value ...]

/** What a scenario measured. */
export interface ScenarioResult {
  scenario: string
  /** Our throughput, operations per second. */
  ours: number
  /** The baseline's throughput, operations per second. */
  baseline: number
  /** ours / baseline. */
  ratio: number
}

/** Formats a number for a BENCH line: whole numbers when large, a few digits when small. */
export function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toString() : n.toFixed(n >= 1 ? 2 : 4)
}

/**
 * Prints a BENCH line in the one format every package uses, and returns what it printed.
 *
 * @example
 * ```ts
 * printBench('memory-store-stream-1m', 2_000_000, 40_000_000, { heap_mb: 3.2 })
 * // BENCH memory-store-stream-1m 2000000 baseline=40000000 ratio=0.050 heap_mb=3.20
 * ```
 */
export function printBench(
  scenario: string,
  ours: number,
  baseline: number,
  extra: Record<string, string | number> = {},
): ScenarioResult {
  if (/\s/.test(scenario)) throw new Error(`A scenario name is one word; got "${scenario}".`)
  const ratio = baseline > 0 ? ours / baseline : 0
  const fields = Object.entries(extra)
    .map(([k, v]) => ` ${k}=${typeof v === 'number' ? fmt(v) : v}`)
    .join('')
  console.log(`BENCH ${scenario} ${fmt(ours)} baseline=${fmt(baseline)} ratio=${ratio.toFixed(3)}${fields}`)
  return { scenario, ours, baseline, ratio }
}
