// One-time builds into the cache. Each returns the binary's path; a binary already there is
// reused (FerretDB and nats-server by version, pstest by a hash of its sources).
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { FERRETDB_VERSION, HERE, NATS_SERVER_VERSION } from './config.mjs'
import { run, since } from './proc.mjs'

// GOTOOLCHAIN=local: never fetch another Go toolchain; -buildvcs=false: the source copies have no VCS data.
const GO_ENV = { GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false' }
const GO_FIX = 'install Go >= 1.24 and make sure the Go module proxy is reachable (see tooling/services/README.md)'

async function timed(say, what, log, expected, build) {
  const t0 = performance.now()
  say(`building ${what} (first time only, ${expected}; log: ${log})`)
  await build()
  say(`built ${what} in ${since(t0)}`)
}

/** FerretDB per SERVICES.md: the module's source copied, version.txt written, then `go build`. */
export async function buildFerretDB(p, say) {
  if (existsSync(p.ferretdb)) return p.ferretdb
  const log = join(p.logs, 'build-ferretdb.log')
  const what = `FerretDB ${FERRETDB_VERSION}`
  await timed(say, what, log, 'about 90 s', async () => {
    mkdirSync(p.src, { recursive: true })
    const json = await run('go', ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${FERRETDB_VERSION}`], {
      cwd: p.root,
      env: GO_ENV,
      log,
      what: `downloading ${what}`,
      fix: GO_FIX,
    })
    const { Dir } = JSON.parse(json)
    const src = join(p.src, `ferretdb-${FERRETDB_VERSION}`)
    // The module cache is read-only; a half-made copy from an interrupted run must be writable to delete.
    if (existsSync(src))
      await run('chmod', ['-R', 'u+w', src], { cwd: p.root, log, what: 'cleaning', fix: `rm -rf ${src}` })
    rmSync(src, { recursive: true, force: true })
    cpSync(Dir, src, { recursive: true })
    await run('chmod', ['-R', 'u+w', src], { cwd: p.root, log, what: 'making the copy writable', fix: `rm -rf ${src}` })
    // Without this file the binary panics at start (the module zip lacks it).
    writeFileSync(join(src, 'build', 'version', 'version.txt'), FERRETDB_VERSION)
    const tmp = `${p.ferretdb}.${process.pid}.tmp`
    mkdirSync(p.bin, { recursive: true })
    await run('go', ['build', '-o', tmp, './cmd/ferretdb'], {
      cwd: src,
      env: GO_ENV,
      log,
      what: `building ${what}`,
      fix: GO_FIX,
    })
    renameSync(tmp, p.ferretdb) // atomic: a concurrent start never runs half a binary
  })
  return p.ferretdb
}

/** nats-server for extra instances (clusters, restarts): `go install` into the cache's bin/. */
export async function buildNatsServer(p, say) {
  const marker = `${p.natsServer}.version`
  if (existsSync(p.natsServer) && existsSync(marker) && readFileSync(marker, 'utf8') === NATS_SERVER_VERSION) {
    return p.natsServer
  }
  const log = join(p.logs, 'build-nats-server.log')
  await timed(say, `nats-server ${NATS_SERVER_VERSION}`, log, 'about 35 s', async () => {
    mkdirSync(p.bin, { recursive: true })
    await run('go', ['install', `github.com/nats-io/nats-server/v2@${NATS_SERVER_VERSION}`], {
      cwd: p.root,
      env: { ...GO_ENV, GOBIN: p.bin },
      log,
      what: `building nats-server ${NATS_SERVER_VERSION}`,
      fix: GO_FIX,
    })
    writeFileSync(marker, NATS_SERVER_VERSION)
  })
  return p.natsServer
}

/** Our pstest program (tooling/services/pstest); the binary's name carries a hash of its sources. */
export async function buildPstest(p, say) {
  const dir = join(HERE, 'pstest')
  const hash = createHash('sha256')
  for (const f of ['main.go', 'go.mod', 'go.sum']) hash.update(readFileSync(join(dir, f)))
  const bin = join(p.bin, `pstest-${hash.digest('hex').slice(0, 12)}`)
  if (existsSync(bin)) return bin
  const log = join(p.logs, 'build-pstest.log')
  await timed(say, 'pstest (Pub/Sub fake)', log, 'about 35 s', async () => {
    mkdirSync(p.bin, { recursive: true })
    const tmp = `${bin}.${process.pid}.tmp`
    // -mod=readonly: the committed go.sum must be complete; nothing in the repo is rewritten.
    await run('go', ['build', '-mod=readonly', '-o', tmp, '.'], {
      cwd: dir,
      env: GO_ENV,
      log,
      what: 'building pstest',
      fix: `${GO_FIX}; if go.sum is stale, run \`go mod tidy\` in ${dir} and commit it`,
    })
    renameSync(tmp, bin)
  })
  return bin
}
