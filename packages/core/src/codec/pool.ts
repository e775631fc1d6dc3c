// Small byte arrays come from a shared slab, as Node's Buffer pool does. Measured on Node 20:
// allocating an ArrayBuffer of more than 64 bytes costs about 1 µs, whatever its size — more
// than encoding a whole event — while a view into a slab costs about 30 ns.
//
// The price: a small result is a view (byteOffset ≠ 0) into an 8 KiB buffer shared with other
// results. Views never overlap, so writing into one cannot touch another; but code that uses
// `bytes.buffer` must respect byteOffset/byteLength, and must not transfer the buffer.

const SLAB_SIZE = 8 * 1024
/** Larger requests get their own buffer: a slab must serve at least eight of them. */
const MAX_POOLED = SLAB_SIZE / 8

let slab = new Uint8Array(0)
let offset = 0

/**
 * A zero-filled byte array of `size` bytes: a view into the shared slab when small, its own
 * buffer otherwise. The caller must write all of it before handing it out.
 *
 * @internal
 */
export function allocBytes(size: number): Uint8Array {
  if (size > MAX_POOLED) return new Uint8Array(size)
  if (offset + size > slab.length) {
    slab = new Uint8Array(SLAB_SIZE)
    offset = 0
  }
  // The constructor, not subarray(): subarray() looks up Symbol.species and measured slower.
  const bytes = new Uint8Array(slab.buffer, offset, size)
  // Keep views 8-byte aligned, so a DataView or a Float64Array over one stays cheap.
  offset = (offset + size + 7) & ~7
  return bytes
}

/** A copy of `source` (a view into a larger scratch buffer) from the slab. @internal */
export function copyBytes(source: Uint8Array): Uint8Array {
  const bytes = allocBytes(source.length)
  bytes.set(source)
  return bytes
}
