// FND-6: the packages as users get them. Packs every public package with pnpm, installs the
// tarballs with npm into a scratch project under the OS temp dir (outside the workspace, so no
// workspace link or hoisted copy can stand in for them), then imports them from ESM, requires
// them from CommonJS, and type-checks a .ts and a .cts consumer against their published types.
// It builds nothing: turbo runs it after the packages' builds (^build of its devDependencies).
import { rmSync, writeFileSync } from 'node:fs'
import { join, sep } from 'node:path'
import { run, runToExit } from '../src/exec.js'
import { createScratchProject, makeTempDir, npmInstall, packAll } from '../src/scratch.js'
import { findWorkspaceRoot, type PublicPackage, publicPackages } from '../src/workspace.js'

const root = findWorkspaceRoot(__dirname)
const fixtures = join(__dirname, '..', 'fixtures')
const packages: PublicPackage[] = publicPackages(root)
const names = packages.map((p) => p.name)
const COUNT = 25

interface ConsumerReport {
  format: string
  packages: Record<string, { resolved: string; exports: string[] }>
  inserted: number
  queried: number[]
  found: number
  duplicate: string
  invalidName: string
  received: number[]
  conformance: { passed: string[]; failed: string[] }
}

let packDir = ''
let scratch = ''

beforeAll(async () => {
  packDir = makeTempDir('goes-pack-')
  scratch = makeTempDir('goes-scratch-')
  const tarballs = await packAll(packages, packDir)
  createScratchProject(scratch, fixtures)
  // One type-only consumer per module format that imports every public package, so a new
  // package's published .d.ts files are checked without editing this test.
  const imports = names.map((name, i) => `import * as p${i} from '${name}'`).join('\n')
  const all = `${imports}\nexport const all: object[] = [${names.map((_, i) => `p${i}`).join(', ')}]\n`
  writeFileSync(join(scratch, 'all-packages.ts'), all)
  writeFileSync(join(scratch, 'all-packages.cts'), all)
  // A Node consumer's usual @types/node, at the oldest Node the packages support.
  await npmInstall(scratch, tarballs, ['@types/node@~20.19.0'])
}, 600_000)

afterAll(() => {
  for (const dir of [packDir, scratch]) if (dir !== '') rmSync(dir, { recursive: true, force: true })
})

async function consume(file: string): Promise<ConsumerReport> {
  const { stdout } = await run(process.execPath, [file, String(COUNT), ...names], { cwd: scratch })
  const line = stdout.trim().split('\n').pop() ?? ''
  return JSON.parse(line) as ConsumerReport
}

function checkReport(report: ConsumerReport): void {
  // Every public package loaded from the scratch project's node_modules, never the workspace.
  expect(Object.keys(report.packages).sort()).toEqual([...names].sort())
  for (const [name, { resolved, exports }] of Object.entries(report.packages)) {
    expect(resolved.startsWith(join(scratch, 'node_modules', ...name.split('/')) + sep)).toBe(true)
    expect(resolved.startsWith(root)).toBe(false)
    expect(exports.length).toBeGreaterThan(0)
  }
  // Versions 1..COUNT alternate added (even n) / removed (odd n); the query asks for the added
  // ones, newest version first; the bus subscriber asked for the removed ones, in publish order.
  const ns = Array.from({ length: COUNT }, (_, i) => i)
  expect(report.inserted).toBe(COUNT)
  expect(report.queried).toEqual(ns.filter((n) => n % 2 === 0).reverse())
  expect(report.found).toBe(0)
  expect(report.duplicate).toBe('CONSISTENCY')
  expect(report.invalidName).toBe('INVALID_NAME')
  expect(report.received).toEqual(ns.filter((n) => n % 2 === 1))
  // The conformance cases of the installed @goes/testing pass for the installed store and bus.
  expect(report.conformance.failed).toEqual([])
  expect(report.conformance.passed.length).toBeGreaterThan(10)
}

it(`FND-6: pack-and-install from ESM and CommonJS — the tarballs of ${names.join(', ')} install with npm outside the workspace and work from an ESM import`, async () => {
  const report = await consume('consumer.mjs')
  expect(report.format).toBe('esm')
  checkReport(report)
}, 120_000)

it('FND-6: pack-and-install from ESM and CommonJS — the same tarballs work from a CommonJS require()', async () => {
  const esm = await consume('consumer.mjs')
  const cjs = await consume('consumer.cjs')
  expect(cjs.format).toBe('cjs')
  checkReport(cjs)
  // require() and import see the same module: same file, same export names.
  for (const name of names) expect(cjs.packages[name]).toEqual(esm.packages[name])
}, 120_000)

it('FND-6: pack-and-install from ESM and CommonJS — the published types resolve for a .ts and a .cts consumer (module nodenext)', async () => {
  // The workspace's own TypeScript, on the scratch project: any type error fails with tsc's report.
  const tsc = join(root, 'node_modules', '.bin', 'tsc')
  // skipLibCheck is off so our own .d.ts files are checked in full. Errors inside a driver's own
  // declarations (e.g. @google-cloud/precise-date's JSDoc, which TypeScript 7 rejects) are not
  // ours to fix: they are printed, and only errors in our packages or the consumers fail.
  const check = await runToExit(tsc, ['-p', 'tsconfig.json', '--noEmit', '--pretty', 'false'], { cwd: scratch })
  const errors = check.stdout.split('\n').filter((l) => /^\S.*\(\d+,\d+\): error TS\d+/.test(l))
  const foreign = errors.filter((l) => l.startsWith('node_modules/') && !l.startsWith('node_modules/@goes/'))
  if (foreign.length > 0) console.warn(`type errors in third-party declarations (not ours):\n${foreign.join('\n')}`)
  expect(errors.filter((l) => !foreign.includes(l))).toEqual([])
  expect(check.code === 0 || errors.length > 0).toBe(true)
  // The declarations tsc used came from the installed tarballs.
  const { stdout } = await run(tsc, ['-p', 'tsconfig.json', '--listFilesOnly'], { cwd: scratch })
  const files = stdout.split('\n').map((l) => l.trim())
  for (const name of names) {
    const installed = join(scratch, 'node_modules', ...name.split('/')) + sep
    expect(files.some((f) => f.startsWith(installed) && f.endsWith('.d.ts'))).toBe(true)
  }
}, 120_000)
