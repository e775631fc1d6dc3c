// Packs the public packages as `pnpm publish` would (workspace: ranges rewritten, only the
// "files" shipped) and installs the tarballs with npm into a project that knows nothing of the
// workspace — the way a user meets them.
import { cpSync, existsSync, mkdtempSync, readdirSync, realpathSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { cleanEnv, run } from './exec.js'
import type { PublicPackage } from './workspace.js'

/** A packed package: the tarball `pnpm pack` wrote for it. */
export interface Tarball {
  readonly name: string
  readonly file: string
}

/**
 * The pnpm that runs this test (pnpm sets npm_execpath for scripts), so a pnpm reached through
 * npx works too; plain `pnpm` from PATH otherwise.
 */
function pnpmCommand(): string {
  const execPath = process.env.npm_execpath
  return execPath !== undefined && /^pnpm(\.exe)?$/.test(basename(execPath)) ? execPath : 'pnpm'
}

/** A fresh folder under the OS temp dir, outside any workspace. */
export function makeTempDir(prefix: string): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)))
}

/** Packs every package into `destination` with `pnpm pack`. A package must be built first. */
export async function packAll(packages: readonly PublicPackage[], destination: string): Promise<Tarball[]> {
  const tarballs: Tarball[] = []
  for (const pkg of packages) {
    if (!existsSync(join(pkg.dir, 'dist'))) {
      throw new Error(`${pkg.name} has no dist/; build it first (pnpm --filter ${pkg.name} build).`)
    }
    const { stdout } = await run(pnpmCommand(), ['pack', '--json', '--pack-destination', destination], { cwd: pkg.dir })
    // The JSON report is the last thing pnpm prints; warnings may come before it.
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { name: string; filename: string }
    if (report.name !== pkg.name) throw new Error(`pnpm pack in ${pkg.dir} packed ${report.name}, not ${pkg.name}.`)
    tarballs.push({ name: pkg.name, file: report.filename })
  }
  return tarballs
}

/**
 * Creates an ESM scratch project in `dir` (package.json with "type": "module") and copies the
 * consumer fixtures into it.
 */
export function createScratchProject(dir: string, fixtures: string): void {
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'goes-pack-check-scratch', version: '0.0.0', private: true, type: 'module' }, null, 2)}\n`,
  )
  for (const file of readdirSync(fixtures)) cpSync(join(fixtures, file), join(dir, file))
}

/**
 * Installs the tarballs into the scratch project with npm, all at once so peers resolve, plus
 * `extra` registry packages (e.g. the @types/node every Node consumer has).
 */
export async function npmInstall(
  dir: string,
  tarballs: readonly Tarball[],
  extra: readonly string[] = [],
): Promise<void> {
  await run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
      ...tarballs.map((t) => t.file),
      ...extra,
    ],
    { cwd: dir, env: cleanEnv() },
  )
}
