import { type CodecRegistry, jsonCodec } from '@goes/core'

// Which names' data is JSON (kept as a BSON value), and how a BSON value becomes event data.
// Uses the registry's `isJson` / `validate` when @goes/core has them (requested); until then,
// a probe: a name is JSON when its codec writes a probe value exactly as jsonCodec does, and
// data read as a BSON value is decoded through the registry from its JSON bytes, so schemas
// (and a reviving JSON codec) still apply.

interface JsonAware {
  isJson?: (name: string) => boolean
  validate?: (name: string, data: unknown) => unknown
}

const PROBE = { goes: [1.5, 'probe', null, true, { n: -7 }] }
const PROBE_BYTES = jsonCodec.encode(PROBE).slice()
const probes = new WeakMap<CodecRegistry, Map<string, boolean>>()
const encoder = new TextEncoder()

/** Whether data of `name` is encoded by the JSON codec, so the store may keep it as a BSON value. @internal */
export function isJsonName(codecs: CodecRegistry, name: string): boolean {
  const aware = codecs as unknown as JsonAware
  if (typeof aware.isJson === 'function') return aware.isJson(name)
  let known = probes.get(codecs)
  if (known === undefined) probes.set(codecs, (known = new Map()))
  let json = known.get(name)
  if (json === undefined) {
    json = probe(codecs, name)
    known.set(name, json)
  }
  return json
}

function probe(codecs: CodecRegistry, name: string): boolean {
  try {
    const bytes = codecs.encode(name, PROBE)
    return bytes.length === PROBE_BYTES.length && bytes.every((b, i) => b === PROBE_BYTES[i])
  } catch {
    return false
  }
}

/** Event data from a BSON value stored for a JSON name: the registry's schema (if any) applied. @internal */
export function jsonData(codecs: CodecRegistry, name: string, value: unknown): unknown {
  const aware = codecs as unknown as JsonAware
  if (typeof aware.validate === 'function') return aware.validate(name, value)
  return codecs.decode(name, value === undefined ? new Uint8Array(0) : encoder.encode(JSON.stringify(value)))
}
