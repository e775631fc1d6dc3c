// FND-6: the packages as users get them. Packs every public package with pnpm, installs the
// tarballs with npm into a scratch project under the OS temp dir (outside the workspace, so no
// workspace link or hoisted copy can stand in for them), then imports them from ESM, requires
// them from CommonJS, and type-checks a .ts and a .cts consumer against their published types.
// It builds nothing: turbo runs it after the packages' builds (^build of its devDependencies).
//
// CRS-4: on the same scratch install, every name of @goes/core's root entry (its runtime exports
// and the types of its published index.d.ts) is documented in the "API" section of the README it
// ships, and the adapter helpers its src/backend/index.ts lists are runtime exports of
// @goes/core/backend — which is where they have to be, not the root.
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, sep } from 'node:path'
import { documentedNames, exportedNames, markdownSection, missingNames } from '../src/api-docs.js'
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

const CORE = '@goes/core'
const BACKEND = '@goes/core/backend'
const API_SECTION = 'API'

interface EntryPoint {
  resolved: string
  exports: string[]
}

interface CoreManifest {
  exports: Record<string, { source?: string; types?: string; default?: string }>
}

/** The installed @goes/core: its folder, manifest, and the entry points as Node imports them. */
async function installedCore(): Promise<{ dir: string; manifest: CoreManifest; entries: Record<string, EntryPoint> }> {
  const dir = join(scratch, 'node_modules', ...CORE.split('/'))
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as CoreManifest
  const { stdout } = await run(process.execPath, ['entry-points.mjs', CORE, BACKEND], { cwd: scratch })
  const entries = JSON.parse(stdout.trim().split('\n').pop() ?? '') as Record<string, EntryPoint>
  // Both entry points came from the tarball, not from the workspace.
  for (const specifier of [CORE, BACKEND]) {
    expect(entries[specifier]?.resolved.startsWith(dir + sep)).toBe(true)
    expect(entries[specifier]?.exports.length).toBeGreaterThan(0)
  }
  return { dir, manifest, entries }
}

function entryFile(manifest: CoreManifest, subpath: string, condition: 'source' | 'types'): string {
  const file = manifest.exports[subpath]?.[condition]
  if (file === undefined) throw new Error(`${CORE}'s package.json has no "${condition}" for the "${subpath}" export.`)
  return file
}

it(`CRS-4: the packed ${CORE} documents its public names — every runtime export and every exported type of its root entry is in the "${API_SECTION}" section of packages/core/README.md`, async () => {
  const { dir, manifest, entries } = await installedCore()
  const runtime = entries[CORE]?.exports ?? []
  const typesFile = entryFile(manifest, '.', 'types')
  const declared = exportedNames(readFileSync(join(dir, typesFile), 'utf8'), `${CORE}/${typesFile}`)

  // The declaration file and the module agree on the values, so the text reading missed nothing.
  const declaredNames = new Set([...declared.values, ...declared.types])
  expect({ undeclaredRuntimeExports: runtime.filter((n) => !declaredNames.has(n)) }).toEqual({
    undeclaredRuntimeExports: [],
  })
  expect({ declaredValuesMissingAtRuntime: declared.values.filter((n) => !runtime.includes(n)) }).toEqual({
    declaredValuesMissingAtRuntime: [],
  })

  // The README that ships in the tarball is packages/core/README.md as it was packed.
  const readme = readFileSync(join(dir, 'README.md'), 'utf8')
  const section = markdownSection(readme, API_SECTION)
  if (section === undefined) throw new Error(`packages/core/README.md has no "## ${API_SECTION}" section.`)
  const documented = documentedNames(section)
  const missing = missingNames([...runtime, ...declared.types], documented)
  if (missing.length > 0) {
    throw new Error(
      `${missing.length} public name(s) of ${CORE} are not documented in the "## ${API_SECTION}" section of ` +
        `packages/core/README.md: ${missing.join(', ')}. Add a line for each (\`name\` — what it is), ` +
        `or take the name out of packages/core/src/index.ts.`,
    )
  }
  expect(runtime.length + declared.types.length).toBeGreaterThan(100)
}, 60_000)

it(`CRS-4: the packed ${CORE} documents its public names — every adapter helper listed in src/backend/index.ts is a runtime export of ${BACKEND} (none of them has to be in the root entry)`, async () => {
  const { dir, manifest, entries } = await installedCore()
  // The list of helpers: the value exports of the backend entry's source, shipped in the tarball.
  const sourceFile = entryFile(manifest, './backend', 'source')
  const helpers = exportedNames(readFileSync(join(dir, sourceFile), 'utf8'), `${CORE}/${sourceFile}`).values
  expect(helpers.length).toBeGreaterThan(20)

  const backend = new Set(entries[BACKEND]?.exports ?? [])
  const unreachable = helpers.filter((n) => !backend.has(n))
  if (unreachable.length > 0) {
    throw new Error(
      `${unreachable.length} adapter helper(s) listed in packages/core/src/backend/index.ts are not runtime exports ` +
        `of the packed ${BACKEND}: ${unreachable.join(', ')}.`,
    )
  }

  // Reachable from the backend entry alone: a helper need not be a root name, and those that are
  // not stay out of the README check above (which reads the root entry only).
  const root = new Set(entries[CORE]?.exports ?? [])
  const backendOnly = helpers.filter((n) => !root.has(n))
  expect(backendOnly.length).toBeGreaterThan(0)
  // The backend entry exports exactly what its source lists (no stray values from a stale build).
  expect([...backend].sort()).toEqual([...helpers].sort())
}, 60_000)
