#!/usr/bin/env node
// `pnpm new-backend <name> --kind bus|store [options]`: generates packages/<name>, a new backend
// package wired to the conformance suite of its kind, plus its changeset. See README.md here and
// "Adding a backend package" in CONTRIBUTING.md.
import { dirname, join, resolve as resolvePath } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { generate, UsageError } from './lib/generate.mjs'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

const USAGE = `Usage: pnpm new-backend <name> --kind bus|store [options]

Generates packages/<name> (the package @goes/<name>) from tooling/create-backend/template.

  --kind bus|store        which contract it implements, and so which conformance suite it runs
  --driver <pkg>@<range>  the driver, a peer dependency with this range (and a dev dependency)
  --driver-dev <range>    the driver's dev dependency range (default: the peer range)
  --class <Name>          class name stem: <Name>Bus / <Name>Store (default: from <name>)
  --title <text>          what the backend is called in docs (default: the class stem)
  --description <text>    package.json description (default: "goes for TypeScript: an event bus on <title>.")
  --dir <path>            where to generate (default: packages/<name>)
  --changeset-dir <path>  where the changeset goes (default: .changeset of this repository)
  --no-changeset          write no changeset
  --force                 overwrite the template's files in a non-empty folder`

function main(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      kind: { type: 'string' },
      driver: { type: 'string' },
      'driver-dev': { type: 'string' },
      class: { type: 'string' },
      title: { type: 'string' },
      description: { type: 'string' },
      dir: { type: 'string' },
      'changeset-dir': { type: 'string' },
      'no-changeset': { type: 'boolean' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  if (positionals.length !== 1) throw new UsageError(`Give exactly one package name, got ${positionals.length}.`)
  const name = positionals[0]
  const dir = resolvePath(values.dir ?? join(ROOT, 'packages', name))
  const changesetDir = values['no-changeset']
    ? undefined
    : resolvePath(values['changeset-dir'] ?? join(ROOT, '.changeset'))
  const written = generate({
    name,
    kind: values.kind,
    dir,
    changesetDir,
    className: values.class,
    title: values.title,
    description: values.description,
    driver: values.driver,
    driverDev: values['driver-dev'],
    force: values.force,
  })
  for (const file of written) console.log(`  wrote ${file}`)
  console.log(`
Next steps (CONTRIBUTING.md, "Adding a backend package"):
  flock /tmp/goes-pnpm.lock pnpm install         # links the new package and its driver
  pnpm --filter @goes/${name} build             # the skeleton builds
  pnpm --filter @goes/${name} test              # the conformance suite runs, and fails until implemented`)
  return 0
}

try {
  process.exitCode = main(process.argv.slice(2))
} catch (err) {
  if (!(err instanceof UsageError) && err?.code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw err
  console.error(`new-backend: ${err.message}\n\n${USAGE}`)
  process.exitCode = 2
}
