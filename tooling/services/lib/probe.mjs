// Health checks that speak each server's own protocol over node:net, so "answers" means the
// right server is there, not merely that something holds the port. No driver dependencies.
import { connect } from 'node:net'
import { decodeDoc, encodeDoc } from './bson.mjs'

/**
 * Opens a TCP connection, writes `hello` (if any) and feeds received bytes to `done(buffer)`
 * until it returns a value other than undefined. Rejects on error, close or timeout.
 */
function exchange({ host, port, timeoutMs = 2000 }, hello, done) {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port })
    let buffered = Buffer.alloc(0)
    const finish = (err, value) => {
      clearTimeout(timer)
      socket.destroy()
      if (err) reject(err)
      else resolve(value)
    }
    const timer = setTimeout(
      () => finish(new Error(`no answer from ${host}:${port} within ${timeoutMs} ms`)),
      timeoutMs,
    )
    socket.on('connect', () => {
      if (hello) socket.write(hello)
    })
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk])
      try {
        const value = done(buffered)
        if (value !== undefined) finish(null, value)
      } catch (err) {
        finish(err)
      }
    })
    socket.on('error', (err) => finish(err))
    socket.on('close', () => finish(new Error(`${host}:${port} closed the connection before answering`)))
  })
}

/** True when something accepts TCP connections on host:port. */
export async function tcpOpen({ host, port, timeoutMs = 1000 }) {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    const timer = setTimeout(() => done(false), timeoutMs)
    function done(ok) {
      clearTimeout(timer)
      socket.destroy()
      resolve(ok)
    }
    socket.on('connect', () => done(true))
    socket.on('error', () => done(false))
  })
}

const OP_MSG = 2013

/** Frames a command document as a MongoDB OP_MSG (one kind-0 section). */
export function opMsg(requestId, command) {
  const doc = encodeDoc(command)
  const header = Buffer.alloc(21)
  header.writeInt32LE(21 + doc.length, 0)
  header.writeInt32LE(requestId, 4)
  header.writeInt32LE(0, 8)
  header.writeInt32LE(OP_MSG, 12)
  header.writeUInt32LE(0, 16) // flagBits
  header[20] = 0 // section kind 0: the body document
  return Buffer.concat([header, doc])
}

/** Reads the body document of a complete OP_MSG reply, or undefined while incomplete. */
export function readOpMsg(buf) {
  if (buf.length < 4 || buf.length < buf.readInt32LE(0)) return undefined
  if (buf.readInt32LE(12) !== OP_MSG) throw new Error(`not a MongoDB OP_MSG reply (opCode ${buf.readInt32LE(12)})`)
  if (buf[20] !== 0) throw new Error('OP_MSG reply without a body section')
  return decodeDoc(buf, 21)
}

/** Sends `hello` over the MongoDB wire protocol; resolves the reply when it says ok: 1. */
export async function mongoHello(target) {
  const reply = await exchange(target, opMsg(1, { hello: 1, $db: 'admin' }), readOpMsg)
  if (reply.ok !== 1) throw new Error(`hello answered ok=${reply.ok}: ${reply.errmsg ?? 'no message'}`)
  return reply
}

/** Reads the INFO line a NATS server sends on connect; resolves it parsed. */
export async function natsInfo(target) {
  return exchange(target, null, (buf) => {
    const eol = buf.indexOf('\r\n')
    if (eol < 0) return undefined
    const line = buf.toString('utf8', 0, eol)
    if (!line.startsWith('INFO ')) throw new Error(`not a NATS server (first line: ${line.slice(0, 40)})`)
    return JSON.parse(line.slice(5))
  })
}

const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')
const EMPTY_SETTINGS = Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])

/** Checks that host:port speaks HTTP/2 (gRPC): the server answers our preface with a SETTINGS frame. */
export async function http2Settings(target) {
  return exchange(target, Buffer.concat([H2_PREFACE, EMPTY_SETTINGS]), (buf) => {
    if (buf.length < 9) return undefined
    if (buf[3] !== 4) throw new Error(`not an HTTP/2 server (first frame type ${buf[3]})`)
    return true
  })
}

/** Polls `probe` until it resolves or `timeoutMs` passes; `alive()` false ends early (process died). */
export async function waitFor(probe, { timeoutMs, intervalMs = 200, alive = () => true }) {
  const deadline = Date.now() + timeoutMs
  let lastError
  for (;;) {
    try {
      return await probe()
    } catch (err) {
      lastError = err
    }
    if (!alive()) throw new Error(`the process exited before answering (${lastError?.message})`)
    if (Date.now() > deadline) throw new Error(`no answer within ${timeoutMs / 1000} s (${lastError?.message})`)
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}
