// PSB-6: the backend template (tooling/create-backend) makes a package that builds and whose
// conformance test runs — failing with "not implemented" until the skeleton is implemented,
// passing once it is. The package is generated into a temporary folder whose node_modules is
// this package's, so it resolves the workspace packages (@goes/core, @goes/testing, the jest
// and TypeScript presets) as a package in packages/ does.
import { type SpawnSyncReturns, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

const PACKAGE = join(__dirname, '..')
const BIN = join(PACKAGE, '..', '..', 'tooling', 'create-backend', 'bin.mjs')
const require = createRequire(join(PACKAGE, 'package.json'))
const TSC = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc')
const JEST = require.resolve('jest/bin/jest')

/** Runs a node script; the inner jest must not add its counts to the outer run's summary. */
function node(script: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> & { output: string } {
  const env = { ...process.env, GOES_TEST_SUMMARY: '', FORCE_COLOR: '0' }
  const r = spawnSync(process.execPath, [script, ...args], { cwd, env, encoding: 'utf8', timeout: 120_000 })
  return Object.assign(r, { output: `${r.stdout}\n${r.stderr}` })
}

/** The counts of jest's "Tests:" line. */
function counts(output: string): { passed: number; failed: number; skipped: number; total: number } {
  const line = /Tests:(.*)/.exec(output)?.[1] ?? ''
  const count = (what: string) => Number(new RegExp(`(\\d+) ${what}`).exec(line)?.[1] ?? 0)
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), total: count('total') }
}

// Small implementations delegating to the in-memory backends of @goes/core.
const IMPLEMENTATIONS = {
  bus: `import { type ALL_EVENTS, type CodecRegistry, type Event, type EventBus, GoesError, MemoryBus, type SignalOptions, type SubscribeOptions, type Subscription } from '@goes/core'

export interface DemoBusOptions {
  readonly codecs?: CodecRegistry
}

export class DemoBus implements EventBus {
  readonly #inner: MemoryBus

  constructor(options: DemoBusOptions = {}) {
    this.#inner = new MemoryBus(options.codecs === undefined ? {} : { codecs: options.codecs })
  }

  publish(events: readonly Event[], options?: SignalOptions): Promise<void> {
    return this.#inner.publish(events, options)
  }

  async subscribe(names: readonly string[] | typeof ALL_EVENTS, options?: SubscribeOptions): Promise<Subscription> {
    if (options?.group !== undefined) throw new GoesError('INVALID_OPTION', 'DemoBus does not load-balance groups.')
    return this.#inner.subscribe(names, options)
  }
}
`,
  store: `import { type CodecRegistry, MemoryStore } from '@goes/core'

export interface DemoStoreOptions {
  readonly codecs?: CodecRegistry
}

export class DemoStore extends MemoryStore {
  constructor(_options: DemoStoreOptions = {}) {
    super()
  }
}
`,
}

describe('PSB-6: the backend template', () => {
  it.each(['bus', 'store'] as const)(
    'PSB-6: a %s package generated from the template builds, and its conformance test runs: it fails with "not implemented", then passes once implemented',
    (kind) => {
      const dir = mkdtempSync(join(tmpdir(), 'goes-template-'))
      try {
        const pkg = join(dir, 'demo')
        const generated = node(
          BIN,
          ['demo', '--kind', kind, '--driver', 'demo-driver@^1.0.0', '--dir', pkg, '--changeset-dir', join(dir, 'cs')],
          dir,
        )
        expect(generated.output).toContain('wrote')
        expect(generated.status).toBe(0)
        const pj = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'))
        expect(pj.name).toBe('@goes/demo')
        expect(pj.peerDependencies).toEqual({ '@goes/core': 'workspace:>=0.0.0 <1.0.0', 'demo-driver': '^1.0.0' })
        expect(pj.devDependencies['demo-driver']).toBe('^1.0.0')
        expect(Object.keys(pj.scripts)).toEqual(['build', 'typecheck', 'test', 'check:package', 'lint', 'bench'])
        expect(pj.exports['.']).toEqual({
          source: './src/index.ts',
          types: './dist/index.d.ts',
          default: './dist/index.js',
        })
        for (const file of ['tsconfig.json', 'tsconfig.build.json', 'jest.config.cjs', 'README.md']) {
          expect(existsSync(join(pkg, file))).toBe(true)
        }
        expect(readFileSync(join(dir, 'cs', 'demo-initial.md'), 'utf8')).toContain("'@goes/demo': minor")
        const suite = kind === 'bus' ? 'runEventBusSuite' : 'runEventStoreSuite'
        expect(readFileSync(join(pkg, 'test', 'conformance.test.ts'), 'utf8')).toContain(suite)
        symlinkSync(join(PACKAGE, 'node_modules'), join(pkg, 'node_modules'), 'dir')

        const build = node(TSC, ['-p', 'tsconfig.build.json'], pkg)
        expect(build.output.trim()).toBe('')
        expect(build.status).toBe(0)
        expect(existsSync(join(pkg, 'dist', 'index.js'))).toBe(true)
        expect(existsSync(join(pkg, 'dist', 'index.d.ts'))).toBe(true)

        const before = node(JEST, ['--ci'], pkg)
        expect(before.output).toContain(`Demo${kind === 'bus' ? 'Bus' : 'Store'}`)
        expect(before.output).toContain('is not implemented yet')
        expect(before.output).toMatch(/Tests:\s+\d+ failed/)
        expect(before.status).not.toBe(0)

        writeFileSync(join(pkg, 'src', kind, `demo-${kind}.ts`), IMPLEMENTATIONS[kind])
        const after = node(JEST, ['--ci'], pkg)
        expect(after.output).not.toContain('is not implemented yet')
        expect(after.output).not.toMatch(/Tests:.*failed/)
        expect(after.output).toMatch(/Tests:\s+(\d+ skipped, )?\d+ passed, \d+ total/)
        expect(after.status).toBe(0)
        // The same cases ran both times: all failing but one or two before, all passing after.
        const [b, a] = [counts(before.output), counts(after.output)]
        expect(a.total).toBe(b.total)
        expect(a.passed + a.skipped).toBe(a.total)
        expect(b.failed).toBeGreaterThan(b.total / 2)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
    240_000,
  )

  it('PSB-6: packages/pubsub is what the template generates (the command in tooling/create-backend/README.md), plus the implementation', () => {
    const dir = mkdtempSync(join(tmpdir(), 'goes-template-'))
    try {
      const args = [
        'pubsub',
        '--kind',
        'bus',
        '--class',
        'PubSub',
        '--title',
        'Google Cloud Pub/Sub',
        '--driver',
        '@google-cloud/pubsub@^5.0.0',
        '--driver-dev',
        '^5.3.1',
        '--description',
        'goes for TypeScript: an event bus on Google Cloud Pub/Sub, and the command bus over it.',
        '--dir',
        join(dir, 'pubsub'),
        '--no-changeset',
      ]
      expect(node(BIN, args, dir).status).toBe(0)
      for (const file of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'jest.config.cjs']) {
        expect(readFileSync(join(PACKAGE, file), 'utf8')).toBe(readFileSync(join(dir, 'pubsub', file), 'utf8'))
      }
      for (const file of ['src/index.ts', 'src/bus/pubsub-bus.ts', 'test/conformance.test.ts', 'README.md']) {
        expect(existsSync(join(PACKAGE, file))).toBe(true)
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('the generator refuses bad input with exit code 2 and says what to do', () => {
    const dir = mkdtempSync(join(tmpdir(), 'goes-template-'))
    try {
      const cases: [string[], string][] = [
        [['Bad_Name', '--kind', 'bus'], 'The package name must be'],
        [['demo', '--kind', 'queue'], '--kind must be "bus" or "store"'],
        [['demo', '--kind', 'bus', '--class', 'lower'], '--class must be a PascalCase identifier'],
        [['demo', '--kind', 'bus', '--driver', 'no-range'], '--driver takes <package>@<peer range>'],
        [['demo', 'two', '--kind', 'bus'], 'Give exactly one package name'],
        [['demo', '--kind', 'bus', '--dir', PACKAGE], 'exists and is not empty'],
      ]
      for (const [args, message] of cases) {
        const r = node(
          BIN,
          [...args, '--no-changeset', ...(args.includes('--dir') ? [] : ['--dir', join(dir, 'x')])],
          dir,
        )
        expect(r.stderr).toContain(message)
        expect(r.status).toBe(2)
      }
      expect(existsSync(join(dir, 'x'))).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
