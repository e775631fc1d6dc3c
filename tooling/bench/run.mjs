#!/usr/bin/env node
// Runs the benchmarks of the package in the current directory: compiles bench/*.bench.ts
// (with the package's sources) into dist-bench/ with tsc, then runs each with node --expose-gc.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const cwd = process.cwd()
const benchDir = join(cwd, 'bench')
if (!existsSync(benchDir)) process.exit(0)
const files = readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts'))
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
const tsc = require.resolve('typescript/bin/tsc')
const build = spawnSync(process.execPath, [tsc, '-p', tsconfig], { stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)

let failed = false
for (const f of files) {
  const js = join(cwd, 'dist-bench', 'bench', f.replace(/\.ts$/, '.js'))
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', js], { stdio: 'inherit' })
  if (r.status !== 0) failed = true
}
process.exit(failed ? 1 : 0)
