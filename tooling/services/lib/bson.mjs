// Just enough BSON for the harness' health checks: encode a flat command document, decode a
// reply (nested documents and arrays included; exotic types are skipped, not understood).

/** Encodes a flat object of int32 numbers, strings and booleans. */
export function encodeDoc(obj) {
  const parts = []
  for (const [key, value] of Object.entries(obj)) {
    const name = Buffer.from(`${key}\0`, 'utf8')
    if (typeof value === 'number' && Number.isInteger(value)) {
      const v = Buffer.alloc(4)
      v.writeInt32LE(value)
      parts.push(Buffer.from([0x10]), name, v)
    } else if (typeof value === 'string') {
      const s = Buffer.from(value, 'utf8')
      const len = Buffer.alloc(4)
      len.writeInt32LE(s.length + 1)
      parts.push(Buffer.from([0x02]), name, len, s, Buffer.from([0]))
    } else if (typeof value === 'boolean') {
      parts.push(Buffer.from([0x08]), name, Buffer.from([value ? 1 : 0]))
    } else {
      throw new TypeError(`encodeDoc: unsupported value for ${key}`)
    }
  }
  const body = Buffer.concat(parts)
  const head = Buffer.alloc(4)
  head.writeInt32LE(body.length + 5)
  return Buffer.concat([head, body, Buffer.from([0])])
}

// Fixed sizes of the value types we do not decode.
const FIXED = { 7: 12, 9: 8, 17: 8, 19: 16, 10: 0, 127: 0, 255: 0 }

/** Decodes the document at `offset`; returns a plain object (arrays for type 4). */
export function decodeDoc(buf, offset = 0, asArray = false) {
  const size = buf.readInt32LE(offset)
  const end = offset + size - 1
  const out = asArray ? [] : {}
  let i = offset + 4
  while (i < end) {
    const type = buf[i++]
    const zero = buf.indexOf(0, i)
    const key = buf.toString('utf8', i, zero)
    i = zero + 1
    let value
    switch (type) {
      case 0x01:
        value = buf.readDoubleLE(i)
        i += 8
        break
      case 0x02: {
        const len = buf.readInt32LE(i)
        value = buf.toString('utf8', i + 4, i + 4 + len - 1)
        i += 4 + len
        break
      }
      case 0x03:
      case 0x04:
        value = decodeDoc(buf, i, type === 0x04)
        i += buf.readInt32LE(i)
        break
      case 0x05:
        value = buf.subarray(i + 5, i + 5 + buf.readInt32LE(i))
        i += 5 + buf.readInt32LE(i)
        break
      case 0x08:
        value = buf[i++] === 1
        break
      case 0x10:
        value = buf.readInt32LE(i)
        i += 4
        break
      case 0x12:
        value = buf.readBigInt64LE(i)
        i += 8
        break
      default:
        if (!(type in FIXED)) throw new Error(`BSON type 0x${type.toString(16)} not understood`)
        i += FIXED[type]
        value = undefined
    }
    if (asArray) out.push(value)
    else out[key] = value
  }
  return out
}
