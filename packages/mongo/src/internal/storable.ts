// Whether JSON data can be kept as a BSON value that reads back exactly as the JSON codec would
// give it — on MongoDB and on FerretDB. Anything unusual is stored as the codec's bytes instead,
// so the check may say "no" too often but never "yes" wrongly:
// - keys: not starting with `$`, without `.` or NUL (both servers refuse or reinterpret them),
//   not `__proto__`, not empty (older MongoDB refuses empty keys);
// - strings without NUL (FerretDB keeps documents in PostgreSQL jsonb, which refuses \u0000);
// - finite numbers, not -0 (JSON writes -0 as 0);
// - plain objects and arrays only (no Date, no toJSON, no class instances), no `undefined`
//   anywhere (JSON drops or nulls it), no array directly inside an array (FerretDB refuses
//   nested arrays), and at most MAX_DEPTH levels (MongoDB nests at most 100).

const MAX_DEPTH = 64

/** Whether `value` is plain JSON data that BSON stores unchanged. @internal */
export function isStorable(value: unknown): boolean {
  return storable(value, 0, false)
}

function storable(value: unknown, depth: number, inArray: boolean): boolean {
  switch (typeof value) {
    case 'string':
      return value.indexOf('\u0000') === -1
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0)
    case 'boolean':
      return true
    case 'object':
      break
    default:
      return false
  }
  if (value === null) return true
  if (depth >= MAX_DEPTH) return false
  if (Array.isArray(value)) {
    if (inArray) return false
    for (let i = 0; i < value.length; i++) {
      // A hole reads as undefined: JSON writes null there, so it is not storable as is.
      if (!(i in value) || !storable(value[i], depth + 1, true)) return false
    }
    return true
  }
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return false
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false
  const o = value as Record<string, unknown>
  for (const key in o) {
    if (!Object.hasOwn(o, key)) continue
    if (!storableKey(key) || !storable(o[key], depth + 1, false)) return false
  }
  return true
}

function storableKey(key: string): boolean {
  if (key.length === 0 || key.charCodeAt(0) === 36 /* $ */ || key === '__proto__') return false
  return key.indexOf('.') === -1 && key.indexOf('\u0000') === -1
}
