#!/usr/bin/env node
// `pnpm test`: the one command that checks everything, on a fresh machine as in CI.
// Builds every package, lints, type-checks, checks the packages as published (publint, attw),
// starts the servers the integration tests need, runs every package's tests, stops what it
// started, and prints one closing total.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const bin = (name) => join(root, 'node_modules', '.bin', name)
const summaryDir = mkdtempSync(join(tmpdir(), 'goes-test-'))
const summaryFile = join(summaryDir, 'summary.jsonl')

function step(title, cmd, args, env = {}) {
  console.log(`\n=== ${title}: ${[cmd, ...args].join(' ')}`)
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  if (r.status !== 0) {
    console.error(`\n=== ${title} failed (exit ${r.status ?? r.signal})`)
    return false
  }
  return true
}

const turbo = (task, ...extra) => [bin('turbo'), ['run', task, '--output-logs=new-only', ...extra]]

let ok =
  step('build', ...turbo('build')) &&
  step('lint', bin('biome'), ['check', '.']) &&
  step('typecheck', ...turbo('typecheck')) &&
  step('package checks', ...turbo('check:package'))

// Servers for integration tests (later packages): started here, stopped below.
const services = join(root, 'tooling', 'services', 'cli.mjs')
let started = false
if (ok && existsSync(services)) {
  started = step('services', process.execPath, [services, 'start'])
  ok = started
}

let testsOk = false
if (ok) {
  // --force: a test run must run the tests, never replay a cached log.
  testsOk = step('tests', ...turbo('test', '--force', '--concurrency=2', '--log-prefix=none', '--log-order=grouped'), {
    GOES_TEST_SUMMARY: summaryFile,
  })
}
if (started) step('stop services', process.execPath, [services, 'stop'])

let passed = 0
let failed = 0
let skipped = 0
if (existsSync(summaryFile)) {
  console.log('\n=== test totals per package')
  for (const line of readFileSync(summaryFile, 'utf8').split('\n').filter(Boolean)) {
    const s = JSON.parse(line)
    passed += s.passed
    failed += s.failed + s.runtimeErrorSuites
    skipped += s.skipped
    console.log(`${s.package}: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`)
  }
}
rmSync(summaryDir, { recursive: true, force: true })
if (ok && !testsOk && failed === 0) failed = 1
if (!ok && passed === 0) failed = Math.max(failed, 1)
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(ok && testsOk && failed === 0 ? 0 : 1)
