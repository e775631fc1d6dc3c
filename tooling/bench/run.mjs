#!/usr/bin/env node
// Runs the benchmarks of the package in the current directory (each package's "bench" script,
// so `pnpm bench` at the root runs them all): compiles bench/*.bench.ts with the package's
// sources into dist-bench/ with tsc, then runs each file with node --expose-gc, one after
// another, passing its BENCH lines through.
//
//   node ../../tooling/bench/run.mjs [--check] [name-part ...]
//
// --check      exit 1 when a BENCH line's ratio is below its goal= (off by default: a busy
//              machine should not fail a build; CI reads the figures instead)
// name-part    run only the bench files whose name contains one of these
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'

const args = process.argv.slice(2)
const check = args.includes('--check')
const filters = args.filter((a) => !a.startsWith('--'))

const cwd = process.cwd()
const benchDir = join(cwd, 'bench')
if (!existsSync(benchDir)) process.exit(0)
const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((part) => f.includes(part)))
  .sort()
if (files.length === 0) process.exit(0)

const tsconfig = join(cwd, 'tsconfig.bench.generated.json')
writeFileSync(
  tsconfig,
  JSON.stringify({
    extends: './tsconfig.json',
    compilerOptions: {
      noEmit: false,
      outDir: 'dist-bench',
      rootDir: '.',
      types: ['node'],
      declaration: false,
      declarationMap: false,
    },
    include: ['src', 'bench'],
    exclude: ['src/**/*.test.ts'],
  }),
)
const require = createRequire(join(cwd, 'package.json'))
// TypeScript 7 exports no "./bin/tsc" subpath; find its bin beside its package.json.
const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc')
const build = spawnSync(process.execPath, [tsc, '-p', tsconfig], { stdio: 'inherit' })
rmSync(tsconfig, { force: true })
if (build.status !== 0) process.exit(build.status ?? 1)

/** Runs one compiled bench file, echoing its output; resolves with its exit code and BENCH lines. */
function runOne(js) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=4096', js], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const lines = []
    createInterface({ input: child.stdout }).on('line', (line) => {
      console.log(line)
      if (line.startsWith('BENCH ')) lines.push(line)
    })
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), lines }))
  })
}

let failed = false
const missed = []
for (const f of files) {
  const js = join(cwd, 'dist-bench', 'bench', f.replace(/\.ts$/, '.js'))
  const { code, lines } = await runOne(js)
  if (code !== 0) {
    console.error(`bench ${f} exited with ${code}`)
    failed = true
  }
  for (const line of lines) {
    const ratio = Number(/ ratio=([\d.]+)/.exec(line)?.[1])
    const goal = Number(/ goal=([\d.]+)/.exec(line)?.[1])
    if (Number.isFinite(goal) && ratio < goal) missed.push(`${line.split(' ')[1]} ratio=${ratio} < goal=${goal}`)
  }
}
for (const miss of missed) console.error(`goal missed: ${miss}`)
process.exit(failed || (check && missed.length > 0) ? 1 : 0)
