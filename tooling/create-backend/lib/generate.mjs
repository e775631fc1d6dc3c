// Writes a new backend package from template/: the files of template/common plus those of the
// kind (template/bus or template/store), with {{placeholders}} filled in — in file names too —
// and the package.json built by package-json.mjs. The changeset goes to the changeset folder.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { packageJson } from './package-json.mjs'

const TEMPLATE = join(dirname(fileURLToPath(import.meta.url)), '..', 'template')
export const KINDS = ['bus', 'store']
const NAME = /^[a-z][a-z0-9-]{1,40}$/
const CLASS = /^[A-Z][A-Za-z0-9]{0,40}$/

/** An error of the generator's input: the CLI prints its message and exits 2. */
export class UsageError extends Error {}

/** `mongo-db` → `MongoDb`. */
export function pascal(name) {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')
}

/**
 * Checks the options and fills in the defaults.
 *
 * @param {{ name: string, kind: string, dir: string, changesetDir?: string, className?: string,
 *   description?: string, title?: string, driver?: string, driverDev?: string, force?: boolean }} o
 */
export function resolve(o) {
  if (!NAME.test(o.name ?? '')) {
    throw new UsageError(
      `The package name must be 2–41 characters of a-z, 0-9 and "-", starting with a letter (it becomes @goes/<name>); got ${JSON.stringify(o.name)}.`,
    )
  }
  if (!KINDS.includes(o.kind)) {
    throw new UsageError(
      `--kind must be "bus" or "store" (which conformance suite to wire), got ${JSON.stringify(o.kind)}.`,
    )
  }
  const className = o.className ?? pascal(o.name)
  if (!CLASS.test(className)) {
    throw new UsageError(`--class must be a PascalCase identifier such as "PubSub", got ${JSON.stringify(className)}.`)
  }
  let driver
  if (o.driver !== undefined) {
    const at = o.driver.lastIndexOf('@')
    if (at <= 0) {
      throw new UsageError(
        `--driver takes <package>@<peer range>, e.g. --driver 'mongodb@^6.8.0 || ^7.0.0'; got ${JSON.stringify(o.driver)}.`,
      )
    }
    driver = { name: o.driver.slice(0, at), peer: o.driver.slice(at + 1) }
    driver.dev = o.driverDev ?? driver.peer
  }
  const title = o.title ?? className
  const kindText = o.kind === 'bus' ? 'event bus' : 'event store'
  const description = o.description ?? `goes for TypeScript: an ${kindText} on ${title}.`
  return { ...o, className, driver, title, description, kindText }
}

/** The placeholder values of the templates. */
function values(r) {
  return {
    name: r.name,
    Class: r.className,
    Kind: r.kind === 'bus' ? 'Bus' : 'Store',
    Contract: r.kind === 'bus' ? 'EventBus' : 'EventStore',
    kindText: r.kindText,
    title: r.title,
    description: r.description,
    installDriver: r.driver === undefined ? '' : ` ${r.driver.name}`,
  }
}

function fill(text, vars) {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, key) => {
    if (!(key in vars)) throw new Error(`template placeholder ${whole} has no value`)
    return vars[key]
  })
}

/** Every template file of `dir`, as paths relative to it. */
function walk(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? walk(path, base) : [relative(base, path)]
  })
}

/**
 * Generates the package. Refuses a non-empty target folder unless `force` (then it overwrites
 * the template's files and leaves every other file alone).
 *
 * @returns {string[]} the files written
 */
export function generate(options) {
  const r = resolve(options)
  if (existsSync(r.dir) && readdirSync(r.dir).length > 0 && !r.force) {
    throw new UsageError(
      `${r.dir} exists and is not empty. Pick another name, or pass --force to overwrite the template's files.`,
    )
  }
  const vars = values(r)
  const out = new Map([[join(r.dir, 'package.json'), packageJson(r)]])
  for (const part of ['common', r.kind]) {
    const from = join(TEMPLATE, part)
    for (const file of walk(from)) {
      const text = fill(readFileSync(join(from, file), 'utf8'), vars)
      const target = fill(file.replace(/\.tmpl$/, ''), vars)
      if (target === 'changeset.md') {
        if (r.changesetDir !== undefined) out.set(join(r.changesetDir, `${r.name}-initial.md`), text)
      } else out.set(join(r.dir, target), text)
    }
  }
  for (const [path, text] of out) {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, text)
  }
  return [...out.keys()]
}
