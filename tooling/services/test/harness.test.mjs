// The harness' own checks: the protocol probes against small fake servers, the CLI's env and
// argument handling, and that `stop` ends exactly the processes it recorded. Nothing here needs
// the real servers or a Go build (`start` itself is checked by running it; see README.md).
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer as createHttp2Server } from 'node:http2'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { decodeDoc, encodeDoc } from '../lib/bson.mjs'
import { http2Settings, mongoHello, natsInfo, opMsg, readOpMsg } from '../lib/probe.mjs'

const BIN = fileURLToPath(new URL('../bin.mjs', import.meta.url))
const cache = mkdtempSync(join(tmpdir(), 'goes-services-test-'))
after(() => rmSync(cache, { recursive: true, force: true }))

/** Runs bin.mjs asynchronously (a sync spawn would block the fake servers in this process). */
function cli(args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, GOES_SERVICES_CACHE: cache, ...env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c) => {
      stdout += c
    })
    child.stderr.on('data', (c) => {
      stderr += c
    })
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })
}

/** A TCP server on a free loopback port; `onConnection(socket)` decides what it says. */
async function fakeServer(onConnection) {
  const srv = createServer((socket) => {
    socket.on('error', () => {}) // probes hang up abruptly once they have their answer
    onConnection(socket)
  })
  await new Promise((r) => srv.listen(0, '127.0.0.1', r))
  after(() => srv.close())
  return { host: '127.0.0.1', port: srv.address().port }
}

/** A fake MongoDB that answers any OP_MSG with `reply` (echoing the request id). */
function mongoReplying(reply) {
  return fakeServer((socket) => {
    let buf = Buffer.alloc(0)
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk])
      const request = readOpMsg(buf)
      if (!request) return
      assert.equal(request.hello, 1)
      const out = opMsg(7, reply)
      out.writeInt32LE(buf.readInt32LE(4), 8) // responseTo
      socket.end(out)
    })
  })
}

test('BSON: a command document round-trips through encodeDoc/decodeDoc', () => {
  const doc = { hello: 1, $db: 'admin', helloOk: true, name: 'ünïcode' }
  assert.deepEqual(decodeDoc(encodeDoc(doc)), doc)
})

test('mongoHello: ok:1 over OP_MSG resolves the reply; ok:0 rejects with the server message', async () => {
  const good = await mongoReplying({ ok: 1, maxWireVersion: 21 })
  assert.equal((await mongoHello(good)).maxWireVersion, 21)
  const bad = await mongoReplying({ ok: 0, errmsg: 'nope' })
  await assert.rejects(mongoHello(bad), /ok=0: nope/)
})

test('natsInfo: parses the INFO line; a server saying something else is not NATS', async () => {
  const nats = await fakeServer((s) => s.write('INFO {"version":"9.9.9","jetstream":true}\r\n'))
  assert.deepEqual(await natsInfo(nats), { version: '9.9.9', jetstream: true })
  const other = await fakeServer((s) => s.write('220 smtp ready\r\n'))
  await assert.rejects(natsInfo(other), /not a NATS server/)
})

test('http2Settings: a real HTTP/2 server answers; a plain TCP server does not', async () => {
  const h2 = createHttp2Server()
  await new Promise((r) => h2.listen(0, '127.0.0.1', r))
  after(() => h2.close())
  assert.equal(await http2Settings({ host: '127.0.0.1', port: h2.address().port }), true)
  const plain = await fakeServer((s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'))
  await assert.rejects(http2Settings(plain))
})

test('env: prints export lines, loopback defaults unless the environment says otherwise', async () => {
  const env = { GOES_MONGO_URL: '', GOES_NATS_URL: 'nats://127.0.0.1:14222', PUBSUB_EMULATOR_HOST: '' }
  const r = await cli(['env'], env)
  assert.equal(r.status, 0, r.stderr)
  assert.match(r.stdout, /^export GOES_MONGO_URL=mongodb:\/\/127\.0\.0\.1:27017$/m)
  assert.match(r.stdout, /^export GOES_NATS_URL=nats:\/\/127\.0\.0\.1:14222$/m)
  assert.match(r.stdout, /^export PUBSUB_EMULATOR_HOST=127\.0\.0\.1:8085$/m)
  assert.ok(r.stdout.includes(`export GOES_NATS_SERVER_BIN=${join(cache, 'bin', 'nats-server')}`))
})

test('unknown service or command: exit 2 with the usage', async () => {
  const r = await cli(['start', 'redis'])
  assert.equal(r.status, 2)
  assert.match(r.stderr, /unknown service redis/)
  assert.equal((await cli(['frobnicate'])).status, 2)
})

test('start: a port held by the wrong kind of server fails fast, naming the server and the fix', async () => {
  const squatter = await fakeServer((s) => s.end('hello, I am not gRPC\r\n'))
  const r = await cli(['start', 'pubsub'], { PUBSUB_EMULATOR_HOST: `127.0.0.1:${squatter.port}` })
  assert.equal(r.status, 1)
  assert.match(r.stderr, /pubsub: something listens on 127\.0\.0\.1:\d+ .*Fix: stop whatever holds/)
  assert.doesNotMatch(r.stderr, /within \d+ ms/) // refused for what it said, not for a timeout
})

test('stop: ends the processes it recorded and nothing else', async () => {
  const marker = `goes-services-test-${process.pid}`
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', marker], { stdio: 'ignore' })
  const exited = new Promise((r) => child.on('exit', (_code, signal) => r(signal)))
  const state = {
    'pubsub@127.0.0.1:1': { name: 'pubsub', pid: child.pid, binary: marker, addr: '127.0.0.1:1' },
    // Our own PID under a binary name it does not run: a reused PID must never be signalled.
    'mongo@127.0.0.1:2': { name: 'mongo', pid: process.pid, binary: 'no-such-binary', addr: '127.0.0.1:2' },
  }
  writeFileSync(join(cache, 'state.json'), JSON.stringify(state))
  const r = await cli(['stop'])
  assert.equal(r.status, 0, r.stderr)
  assert.equal(await exited, 'SIGTERM')
  assert.match(r.stdout, /pubsub stopped \(pid \d+/)
  assert.match(r.stdout, /mongo {2}not running/)
  assert.match(r.stdout, /nats {3}nothing to stop/)
  assert.deepEqual(JSON.parse(readFileSync(join(cache, 'state.json'), 'utf8')), {})
})
