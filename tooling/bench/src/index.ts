// Benchmark harness: every scenario times our code and its plain-JavaScript or raw-driver
// baseline in the same process, alternating rounds so machine noise hits both alike, and
// prints exactly one line:
//   BENCH <scenario> <ours ops/s> baseline=<ops/s> ratio=<ours/baseline> [key=value ...]

/** One timed side of a scenario: runs `ops` operations per call and resolves when done. */
export type Workload = () => Promise<void> | void

export interface ScenarioOptions {
  /** Operations one call of a workload performs (events inserted, messages received, …). */
  ops: number
  /** Timed rounds per side; the best round counts (least disturbed by noise). Default 5. */
  rounds?: number
  /** Untimed warm-up rounds per side. Default 1. */
  warmup?: number
  /** Goal for the ratio, printed as `goal=` and checked by `pnpm bench --check`. */
  goal?: number
  /** Extra `key=value` fields for the line. */
  extra?: () => Record<string, string | number>
  /** Runs before every round of either side (untimed), e.g. to create a fresh store. */
  setup?: () => Promise<void> | void
}

export interface ScenarioResult {
  scenario: string
  ours: number
  baseline: number
  ratio: number
}

async function timeOnce(fn: Workload): Promise<number> {
  const start = process.hrtime.bigint()
  await fn()
  return Number(process.hrtime.bigint() - start) / 1e9
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toString() : n.toFixed(n >= 1 ? 2 : 4)
}

/** Prints a BENCH line in the one format every package uses. */
export function printBench(
  scenario: string,
  ours: number,
  baseline: number,
  extra: Record<string, string | number> = {},
): ScenarioResult {
  const ratio = baseline > 0 ? ours / baseline : 0
  const fields = Object.entries(extra)
    .map(([k, v]) => ` ${k}=${typeof v === 'number' ? fmt(v) : v}`)
    .join('')
  console.log(`BENCH ${scenario} ${fmt(ours)} baseline=${fmt(baseline)} ratio=${ratio.toFixed(3)}${fields}`)
  return { scenario, ours, baseline, ratio }
}

/**
 * Times `ours` against `baseline` in alternating rounds and prints the BENCH line with the
 * best throughput of each side.
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
    await options.setup?.()
    const o = await timeOnce(ours)
    if (i >= warmup) {
      bestBase = Math.min(bestBase, b)
      bestOurs = Math.min(bestOurs, o)
    }
  }
  const extra = { ...(options.extra?.() ?? {}) }
  if (options.goal !== undefined) extra.goal = options.goal
  return printBench(name, options.ops / bestOurs, options.ops / bestBase, extra)
}

/** Forces a full garbage collection when node runs with --expose-gc; otherwise does nothing. */
export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc
  if (g) {
    g()
    g()
  }
}

/** Samples heap use every `intervalMs` while `fn` runs and returns the peak growth in bytes. */
export async function peakHeapGrowth(fn: () => Promise<void>, intervalMs = 5): Promise<number> {
  gc()
  const before = process.memoryUsage().heapUsed
  let peak = before
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed)
  }, intervalMs)
  try {
    await fn()
  } finally {
    clearInterval(timer)
  }
  peak = Math.max(peak, process.memoryUsage().heapUsed)
  return peak - before
}
