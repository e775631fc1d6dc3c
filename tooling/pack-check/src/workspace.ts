// Finds the workspace and the packages it publishes, so the pack-and-install check covers every
// public package as soon as it exists, without a list to keep in step by hand.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** A package of the workspace that is published (its package.json is not `"private": true`). */
export interface PublicPackage {
  readonly name: string
  readonly version: string
  /** Absolute path of the package's folder. */
  readonly dir: string
}

/** Walks up from `from` to the folder holding pnpm-workspace.yaml. */
export function findWorkspaceRoot(from: string): string {
  let dir = from
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir
    const parent = dirname(dir)
    if (parent === dir)
      throw new Error(`No pnpm-workspace.yaml above ${from}; run the check inside the goes workspace.`)
    dir = parent
  }
}

/** Every public package under packages/, sorted by name. */
export function publicPackages(root: string): PublicPackage[] {
  const base = join(root, 'packages')
  const found: PublicPackage[] = []
  for (const entry of readdirSync(base, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue
    const dir = join(base, entry.name)
    const manifestPath = join(dir, 'package.json')
    if (!existsSync(manifestPath)) continue
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      name?: string
      version?: string
      private?: boolean
    }
    if (manifest.private === true) continue
    if (typeof manifest.name !== 'string' || typeof manifest.version !== 'string') {
      throw new Error(`${manifestPath} is public but lacks a name or version; add them or mark it "private": true.`)
    }
    found.push({ name: manifest.name, version: manifest.version, dir })
  }
  return found.sort((a, b) => a.name.localeCompare(b.name))
}
