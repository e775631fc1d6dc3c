// Benchmark harness of the goes packages: every scenario times our code and its plain
// JavaScript or raw-driver baseline in the same process and prints exactly one line
//   BENCH <scenario> <ours ops/s> baseline=<ops/s> ratio=<ours/baseline> [key=value ...]
// Benchmarks live in packages/<name>/bench/*.bench.ts and run with `pnpm bench`.

export { gc, heapUsed, peakHeapGrowth } from './heap.js'
export type { ScenarioResult } from './print.js'
export { fmt, printBench } from './print.js'
export type { MeasureOptions, ScenarioOptions, Workload } from './scenario.js'
export { measure, scenario } from './scenario.js'
export type { BatchPublisher } from './workload.js'
export { batches, expectCount, publishAndReceive, receiveCount } from './workload.js'
