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

// The service harness's own tests (node:test, no servers needed).
let harness = { passed: 0, failed: 0 }
if (ok) {
  console.log('\n=== service harness self-test: node --test tooling/services/test/')
  const r = spawnSync(process.execPath, ['--test', join(root, 'tooling', 'services', 'test')], {
    cwd: root,
    encoding: 'utf8',
  })
  process.stdout.write(r.stdout)
  process.stderr.write(r.stderr)
  const count = (what) => Number(new RegExp(`^# ${what} (\\d+)$`, 'm').exec(r.stdout)?.[1] ?? 0)
  harness = { passed: count('pass'), failed: count('fail') + (r.status === 0 ? 0 : 1) }
  ok = r.status === 0
}

// Servers the integration tests need, built once (cached) and started by the service harness.
// @goes/mongo, @goes/nats and @goes/pubsub run their integration tests against these.
const NEEDED_SERVICES = ['mongo', 'nats', 'pubsub']
const services = join(root, 'tooling', 'services', 'bin.mjs')
// Only what this run starts is stopped afterwards: servers that already answered (a developer's,
// or another run's) are reused and left running.
const answering = (name) =>
  spawnSync(process.execPath, [services, 'status', name], { cwd: root, stdio: 'ignore' }).status === 0
const toStop = ok ? NEEDED_SERVICES.filter((name) => !answering(name)) : []
let started = false
if (ok && NEEDED_SERVICES.length > 0) {
  started = step('services', process.execPath, [services, 'start', ...NEEDED_SERVICES])
  ok = started
}

let testsOk = false
if (ok) {
  // --force: a test run must run the tests, never replay a cached log.
  testsOk = step('tests', ...turbo('test', '--force', '--concurrency=2', '--log-prefix=none', '--log-order=grouped'), {
    GOES_TEST_SUMMARY: summaryFile,
  })
}
if (started && toStop.length > 0) step('stop services', process.execPath, [services, 'stop', ...toStop])

let passed = harness.passed
let failed = harness.failed
let skipped = 0
if (existsSync(summaryFile)) {
  console.log('\n=== test totals per package')
  console.log(`@goes-internal/services (node:test): ${harness.passed} passed, ${harness.failed} failed, 0 skipped`)
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
